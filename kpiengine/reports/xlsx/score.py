"""The report workbook of ``kpi score --format xlsx``: one unit, or a round of units.

Weighted scores, dimension scores and the overall score are live Excel
formulas over the score and weight cells (with the engine's values cached),
with the arithmetic of SPEC §6:

- weighted score = weight × score / 100;
- dimension score = Σ wᵢ·sᵢ / Σ wᵢ over its indicators with a score and weight > 0;
- overall = Σ W_d·S_d / Σ W_d over dimensions with a score and W_d > 0.

An evaluator who changes a weight or a score sees the dimension and overall
scores move as the engine would compute them. An empty score cell is "no
score" (excluded, or an error under ``on_missing: error``).
"""

from __future__ import annotations

from kpiengine.reports import words
from kpiengine.reports.i18n import _, show_date
from kpiengine.reports.xlsx.book import Book, cell, column

# The indicators sheet: one row per indicator, grouped by dimension in plan order.
IND_COLUMNS = ("indicator", "name", "dimension", "status", "value", "target", "achieved", "score", "weight",
               "weighted score", "weight counted", "weight × score")
SCORE_COL, WEIGHT_COL, WEIGHTED_COL, COUNTED_COL, PRODUCT_COL = 7, 8, 9, 10, 11
# The summary sheet's dimension table.
DIM_COLUMNS = ("no.", "dimension", "name", "weight", "score", "weight counted", "weight × score")
DIM_FIRST_ROW = 7  # 0-based row of the first dimension (Excel row 8)
OVERALL_CELL = (4, 1)  # B5


def _ordered(evaluation) -> list:
    """Indicators grouped by dimension in plan order (a dimension's rows are one range)."""
    order = {d.id: n for n, d in enumerate(evaluation.dimensions)}
    return sorted(evaluation.indicators, key=lambda r: order.get(r.dimension, len(order)))


def _sum_ratio(numerators: str, denominators: str) -> str:
    return f'IF(SUM({denominators})=0,"",SUM({numerators})/SUM({denominators}))'


def _indicators_sheet(book: Book, evaluation) -> dict:
    """Write the indicator rows; return dimension id → (first, last) 0-based rows."""
    ws = book.sheet(_("indicators"), freeze=(1, 2))
    for col, title in enumerate(IND_COLUMNS):
        ws.write_string(0, col, _(title), book["header"])
    widths = (28, 48, 16, 10, 12, 18, 10, 10, 8, 10, 10, 10)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ranges: dict = {}
    for n, r in enumerate(_ordered(evaluation)):
        row = n + 1
        first, _last = ranges.get(r.dimension, (row, row))
        ranges[r.dimension] = (first, row)
        book.write(ws, row, 0, r.id)
        book.write(ws, row, 1, r.name, "wrap")
        book.write(ws, row, 2, r.dimension)
        book.write(ws, row, 3, words.status(r.status))
        book.write(ws, row, 4, r.value, "score")
        book.write(ws, row, 5, words.target(r.target))
        book.write(ws, row, 6, words.achieved(r.achieved))
        book.write(ws, row, SCORE_COL, r.score, "score")
        book.write(ws, row, WEIGHT_COL, r.weight, "weight")
        s, w = cell(row, SCORE_COL), cell(row, WEIGHT_COL)
        book.formula(ws, row, WEIGHTED_COL, f'IF(ISNUMBER({s}),{w}*{s}/100,"")', r.weighted_score)
        counted = r.weight if r.counted else 0
        book.formula(ws, row, COUNTED_COL, f"IF(AND(ISNUMBER({s}),{w}>0),{w},0)", counted, "weight")
        k = cell(row, COUNTED_COL)
        book.formula(ws, row, PRODUCT_COL, f"IF({k}>0,{k}*{s},0)", r.weight * r.score if r.counted else 0)
    ws.autofilter(0, 0, max(len(evaluation.indicators), 1), len(IND_COLUMNS) - 1)
    return ranges


def unit_workbook(evaluation) -> bytes:
    """One unit: sheet ``summary`` (overall, dimensions), ``indicators``, ``errors``."""
    book = Book(evaluation.plan_title)
    ws = book.sheet(_("summary"), landscape=False, freeze=(DIM_FIRST_ROW, 0))
    sheet_name = _("indicators")
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 6, 12)
    ws.write_string(0, 0, evaluation.plan_title or evaluation.plan, book["title"])
    book.write(ws, 1, 0, _("plan"), "bold")
    book.write(ws, 1, 1, evaluation.plan)
    book.write(ws, 2, 0, _("unit"), "bold")
    book.write(ws, 2, 1, words.unit_name(evaluation))
    book.write(ws, 3, 0, _("as of"), "bold")
    book.write(ws, 3, 1, show_date(evaluation.as_of))
    book.write(ws, OVERALL_CELL[0], 0, _("overall score"), "bold")
    for col, title in enumerate(DIM_COLUMNS):
        ws.write_string(DIM_FIRST_ROW - 1, col, _(title), book["header"])
    ranges = _indicators_sheet(book, evaluation)
    quoted = f"'{sheet_name}'"
    for n, d in enumerate(evaluation.dimensions):
        row = DIM_FIRST_ROW + n
        book.write(ws, row, 0, d.number)
        book.write(ws, row, 1, d.id)
        book.write(ws, row, 2, d.name, "wrap")
        book.write(ws, row, 3, d.weight, "weight")
        if d.id in ranges:
            a, b = ranges[d.id]
            products = f"{quoted}!{column(PRODUCT_COL)}{a + 1}:{column(PRODUCT_COL)}{b + 1}"
            counted = f"{quoted}!{column(COUNTED_COL)}{a + 1}:{column(COUNTED_COL)}{b + 1}"
            book.formula(ws, row, 4, _sum_ratio(products, counted), d.score)
        else:
            book.formula(ws, row, 4, '""', None)
        s, w = cell(row, 4), cell(row, 3)
        in_overall = d.score is not None and d.weight > 0
        book.formula(ws, row, 5, f"IF(AND(ISNUMBER({s}),{w}>0),{w},0)", d.weight if in_overall else 0, "weight")
        book.formula(ws, row, 6, f"IF({cell(row, 5)}>0,{cell(row, 5)}*{s},0)",
                     d.weight * d.score if in_overall else 0)
    last = DIM_FIRST_ROW + max(len(evaluation.dimensions), 1)
    products = f"G{DIM_FIRST_ROW + 1}:G{last}"
    counted = f"F{DIM_FIRST_ROW + 1}:F{last}"
    book.formula(ws, *OVERALL_CELL, _sum_ratio(products, counted), evaluation.overall, "total")
    _errors_sheet(book, evaluation.errors)
    return book.bytes()


def _errors_sheet(book: Book, errors, unit_column: bool = False, units=()) -> None:
    ws = book.sheet(_("errors"))
    titles = ([_("unit")] if unit_column else []) + [_("indicator"), _("code"), _("where"), _("message")]
    for col, title in enumerate(titles):
        ws.write_string(0, col, title, book["header"])
    ws.set_column(0, len(titles) - 1, 24)
    ws.set_column(len(titles) - 1, len(titles) - 1, 80)
    rows = list(zip(units, errors, strict=True)) if unit_column else [(None, e) for e in errors]
    for n, (unit, e) in enumerate(rows, 1):
        values = ([unit] if unit_column else []) + [e.subject, e.code, e.location.format(), words.problem_message(e)]
        for col, v in enumerate(values):
            book.write(ws, n, col, v, "wrap" if col == len(values) - 1 else "text")


def round_workbook(evaluations: list) -> bytes:
    """A round: sheet ``round`` with a row per unit — overall and dimension scores as live formulas over the
    unit's indicator scores and the weights in row 3 — then ``errors`` with each unit's errors."""
    first = evaluations[0]
    book = Book(first.plan_title)
    ws = book.sheet(_("round"), freeze=(3, 2))
    dims = first.dimensions
    indicators = _ordered(first)
    by_dim: dict = {}
    for r in indicators:
        by_dim.setdefault(r.dimension, []).append(r.id)
    # Columns: unit, as of, overall, one per dimension, one per indicator.
    dim_col = {d.id: 3 + n for n, d in enumerate(dims)}
    ind_col = {r.id: 3 + len(dims) + n for n, r in enumerate(indicators)}
    ws.write_string(0, 0, _("unit"), book["header"])
    ws.write_string(0, 1, _("as of"), book["header"])
    ws.write_string(0, 2, _("overall score"), book["header"])
    ws.write_string(1, 0, _("name"), book["header"])
    ws.write_string(2, 0, _("weight"), book["header"])
    for d in dims:
        ws.write_string(0, dim_col[d.id], d.id, book["header"])
        ws.write_string(1, dim_col[d.id], d.name, book["header"])
        book.write(ws, 2, dim_col[d.id], d.weight, "weight")
    for r in indicators:
        ws.write_string(0, ind_col[r.id], r.id, book["header"])
        ws.write_string(1, ind_col[r.id], r.name, book["header"])
        book.write(ws, 2, ind_col[r.id], r.weight, "weight")
    ws.set_column(0, 0, 24)
    ws.set_column(1, 2 + len(dims), 12)
    ws.set_column(3 + len(dims), 2 + len(dims) + len(indicators), 14)
    ws.set_row(1, 60)
    for n, ev in enumerate(evaluations):
        row = 3 + n
        book.write(ws, row, 0, words.unit_name(ev))
        book.write(ws, row, 1, show_date(ev.as_of))
        for r in ev.indicators:
            if r.id in ind_col:
                book.write(ws, row, ind_col[r.id], r.score, "score")
        for d in ev.dimensions:
            book.formula(ws, row, dim_col[d.id], _dimension_terms(row, by_dim.get(d.id, []), ind_col), d.score)
        book.formula(ws, row, 2, _dimension_terms(row, [d.id for d in dims], dim_col), ev.overall, "total")
    errors = [(ev.unit or "-", e) for ev in evaluations for e in ev.errors]
    _errors_sheet(book, [e for _, e in errors], unit_column=True, units=[u for u, _ in errors])
    return book.bytes()


def _dimension_terms(row: int, ids: list, columns: dict) -> str:
    """Σ w·s / Σ w over the cells of `ids` in `row` that hold a number, weights in row 3 (w > 0 only)."""
    if not ids:
        return '""'
    nums, dens = [], []
    for ident in ids:
        s, w = cell(row, columns[ident]), cell(2, columns[ident], absolute=True)
        nums.append(f"IF(AND(ISNUMBER({s}),{w}>0),{w}*{s},0)")
        dens.append(f"IF(AND(ISNUMBER({s}),{w}>0),{w},0)")
    den = "+".join(dens)
    return f'IF(({den})=0,"",({"+".join(nums)})/({den}))'
