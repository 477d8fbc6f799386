"""A rule set → one SQL query over the evidence table (`layout`), built as a sqlglot tree.

The query is a chain of stages (CTEs ``s0``, ``s1``, …); each adds columns computed from earlier
ones: cells as text (s0), read as numbers / dates (s1–s7), each indicator's inputs checked (s8:
presence, EV03 / EV04 / EV05 / EV09, days late, progress, steps done), its formula (one column per
operator node), its value, target test and score, its status under ``on_missing``, the dimension
scores, and last the overall score. The semantics are those of `kpiengine.engine.evaluation`.
"""

from __future__ import annotations

from collections import defaultdict

from sqlglot import exp

from kpiengine.core import calendar
from kpiengine.core.errors import ValueFormatError
from kpiengine.engine.sql import build as b
from kpiengine.engine.sql import text as read
from kpiengine.engine.sql.formula import FormulaCompiler, SqlCompileError
from kpiengine.engine.sql.layout import UNIT, Cell, cells
from kpiengine.engine.sql.scoring import METHODS, Scored, target_test

INPUT_STAGE = 8  # the stage where each indicator's inputs are checked
DATE = exp.DataType.build("DATE")
CODES = ("EV03", "EV04", "EV05", "EV09")


class Stages:
    """Columns by stage; `put` returns a reference to the new column."""

    def __init__(self):
        self.columns: dict[int, dict[str, exp.Expression]] = defaultdict(dict)
        self.stage_of: dict[str, int] = {}

    def put(self, stage: int, alias: str, expression: exp.Expression) -> exp.Column:
        for column in expression.find_all(exp.Column):
            used = self.stage_of.get(column.name)
            if used is not None and used >= stage:
                raise AssertionError(f"stage {stage} column '{alias}' uses '{column.name}' of stage {used}")
        self.columns[stage][alias] = expression
        self.stage_of[alias] = stage
        return b.col(alias)

    @property
    def last(self) -> int:
        return max(self.columns)


def table_expression(name: str) -> exp.Table:
    """``db.schema.table`` → each part quoted."""
    parts = name.split(".")
    table = exp.Table(this=exp.to_identifier(parts[-1], quoted=True))
    if len(parts) > 1:
        table.set("db", exp.to_identifier(parts[-2], quoted=True))
    if len(parts) > 2:
        table.set("catalog", exp.to_identifier(".".join(parts[:-2]), quoted=True))
    return table


class Compiler:
    def __init__(self, ruleset, table: str = "evidence", columns=None, keep=()):
        if not ruleset.valid:
            raise SqlCompileError("the rule set has errors (run 'kpi check')")
        self.ruleset = ruleset
        self.table = table
        self.available = None if columns is None else set(columns)
        # column → "number" for typed numeric columns (known when running over a file): read directly
        self.types = dict(columns) if isinstance(columns, dict) else {}
        self.scale = ruleset.scale
        self.policy = ruleset.plan.on_missing
        self.stages = Stages()
        self.cells: dict[str, dict] = {}  # column → reader columns
        self.ind: dict[str, dict] = {}  # indicator id → its columns
        self.keep = tuple(keep)  # table columns passed through to the result, after the others

    # --- the table's cells ---------------------------------------------------------------------------------

    def has(self, column: str) -> bool:
        return self.available is None or column in self.available

    def read_cell(self, cell: Cell) -> dict:
        if cell.column in self.cells:
            return self.cells[cell.column]
        s, c = self.stages, cell.column
        source = b.col(c) if self.has(c) else exp.cast(b.NULL, b.TEXT)
        if self.types.get(c) == "number" and cell.kind not in ("date", "boolean"):
            # A typed number reads as its text would (NaN and infinities are unreadable), without the text.
            t = s.put(0, f"t:{c}", source)
            raw = s.put(1, f"n0:{c}", b.as_double(t))
            value = s.put(2, f"v:{c}", read.finite_number(raw))
            ok = b.not_null(value)
            if cell.kind == "count":
                ok = b.and_(ok, b.eq(value, b.floor_(value)), b.ge(value, b.num(0)))
            self.cells[c] = {"text": t, "value": value, "ok": b.known(ok)}
            return self.cells[c]
        t = s.put(0, f"t:{c}", read.cell_text(source))
        out = {"text": t}
        if cell.kind == "boolean":
            out["value"] = s.put(1, f"v:{c}", read.boolean_value(t))
            out["ok"] = b.not_null(out["value"])
        elif cell.kind == "date":
            form = s.put(1, f"form:{c}", read.date_form(t))
            k0 = s.put(1, f"k0:{c}", read.month_key(t))
            key = s.put(2, f"k:{c}", read.without_be_marker(k0))
            parts = {name: s.put(2, f"{name}:{c}", e) for name, e in read.date_numbers(t, form).items()}
            names = {name: s.put(3, f"{name}:{c}", e) for name, e in read.month_names(key).items()}
            month = {name: s.put(4, f"{name}:{c}", e) for name, e in
                     read.month_of(form, parts["month_number"], names["plain"], names["marked"]).items()}
            year = s.put(5, f"yce:{c}", read.ce_year(parts["year"], month["ce"]))
            valid = s.put(6, f"real:{c}", read.real_date(year, month["month"], parts["day"]))
            out["value"] = s.put(7, f"v:{c}", read.make_date(valid, year, month["month"], parts["day"]))
            out["ok"] = b.not_null(out["value"])
        else:
            text = s.put(1, f"s:{c}", read.number_text(t))
            raw = s.put(2, f"n0:{c}", read.number_value(text))
            value = s.put(3, f"v:{c}", read.finite_number(raw))
            out["value"] = value
            ok = b.not_null(value)
            if cell.kind == "count":
                ok = b.and_(ok, b.eq(value, b.floor_(value)), b.ge(value, b.num(0)))
            out["ok"] = b.known(ok)
        self.cells[c] = out
        return out

    # --- one indicator ----------------------------------------------------------------------------------------

    def inputs(self, indicator) -> None:
        s, stage, i = self.stages, INPUT_STAGE, indicator.id
        own = cells(indicator)
        read_ = {cell.column: self.read_cell(cell) for cell in own}
        given = [b.not_null(read_[c.column]["text"]) for c in own if self.has(c.column)]
        present = b.or_(*given) if given else b.FALSE
        flags = {code: [] for code in CODES}
        for c in own:
            text, ok = read_[c.column]["text"], read_[c.column]["ok"]
            if c.kind not in ("date", "step"):  # an empty date is "not delivered", empty steps "not started"
                flags["EV05"].append(b.is_null(text))
            flags["EV03"].append(b.and_(b.not_null(text), b.not_(ok)))
        by_name = {c.name: read_[c.column] for c in own if c.kind not in ("step", "score")}
        for name, spec in indicator.inputs.items():
            for side, bound in (("min", spec.min), ("max", spec.max)):
                if bound is not None and spec.type != "boolean":
                    self.bound_flags(indicator, name, spec.type, side, bound, by_name, flags)
        if indicator.method == "external" and not indicator.inputs:
            score = read_[f"{i}.score"]
            flags["EV04"].append(b.and_(score["ok"], b.or_(b.lt(score["value"], b.num(self.scale.low)),
                                                          b.gt(score["value"], b.num(self.scale.high)))))
        steps = [c for c in own if c.kind == "step"]
        for c in steps:
            f = read_[c.column]["value"]
            flags["EV04"].append(b.and_(b.not_null(f), b.or_(b.lt(f, b.num(0)), b.gt(f, b.num(1)))))
        cols = {"present": s.put(stage, f"{i}:present", present)}
        for code in CODES:
            cols[code] = s.put(stage + 1, f"{i}:{code}", b.and_(cols["present"], b.known(b.or_(*flags[code]))))
        if steps:
            weights = {st.step: float(st.weight) for st in indicator.steps}
            terms = [b.mul(b.num(weights[c.step]), exp.Coalesce(this=read_[c.column]["value"], expressions=[b.num(0)]))
                     for c in steps]
            total = terms[0]
            for term in terms[1:]:
                total = b.add(total, term)
            cols["progress"] = s.put(stage, f"{i}:progress", total)
            done = {c.step: b.eq(exp.Coalesce(this=read_[c.column]["value"], expressions=[b.num(0)]), b.num(1))
                    for c in steps}
            whens, k = [], 1
            while k in done:
                whens.append((b.not_(done[k]), b.whole(k - 1)))
                k += 1
            cols["steps_done"] = s.put(stage, f"{i}:steps_done", b.case(*whens, default=b.whole(k - 1)))
        else:
            cols["progress"] = cols["steps_done"] = None
        date_name = indicator.date_input
        cols["delivered"] = read_[f"{i}.{date_name}"]["value"] if date_name else None
        target = indicator.target
        if date_name and target is not None and target.by is not None:
            due = exp.cast(b.text(target.by.isoformat()), DATE)
            days = exp.DateDiff(this=cols["delivered"], expression=due, unit=exp.var("DAY"))
            cols["days_late"] = s.put(stage, f"{i}:days_late", b.as_double(days))
        else:
            cols["days_late"] = None
        cols["values"] = {name: r["value"] for name, r in by_name.items()}
        self.ind[i] = cols

    def bound_flags(self, indicator, name, kind, side, bound, by_name, flags) -> None:
        """EV04 for a value beyond `bound`, EV09 for a bound of the other kind (a date against a number)."""
        mine = by_name[name]
        is_date = kind == "date"
        if isinstance(bound, str) and bound in indicator.inputs:
            other_kind = indicator.inputs[bound].type
            if other_kind == "boolean":
                return
            other = by_name[bound]
            both = b.and_(mine["ok"], other["ok"])
            if (other_kind == "date") != is_date:
                flags["EV09"].append(both)
                return
            limit = other["value"]
        elif isinstance(bound, str):
            if not is_date:
                return
            try:
                day = calendar.parse_day(bound)
            except ValueFormatError:
                return
            limit = exp.cast(b.text(day.isoformat()), DATE)
            both = mine["ok"]
        else:
            if is_date:
                flags["EV09"].append(mine["ok"])
                return
            limit, both = b.num(float(bound)), mine["ok"]
        beyond = b.lt(mine["value"], limit) if side == "min" else b.gt(mine["value"], limit)
        flags["EV04"].append(b.and_(both, beyond))

    def formula(self, indicator):
        cols = self.ind[indicator.id]
        names = dict(cols["values"])
        if cols["progress"] is not None:
            names["progress"] = cols["progress"]
        names["days_late"] = cols["days_late"] if cols["days_late"] is not None else b.as_double(b.NULL)
        compiler = FormulaCompiler(indicator, names, self.stages, INPUT_STAGE)
        value, _ = compiler.compile(indicator.formula.tree)
        cols["formula"] = value
        cols["formula_names"] = [names[n] for n in sorted(indicator.formula.names)]

    def refuse(self, indicator, message):
        where = indicator.where("scoring")
        line = f":{where.line}:{where.column}" if where.line else ""
        return SqlCompileError(f"{where.file}{line}: indicator '{indicator.id}': {message}")

    def evaluate(self, indicator, base: int):
        s, i, cols = self.stages, indicator.id, self.ind[indicator.id]
        faulted = s.put(base, f"{i}:faulted", b.or_(*[cols[code] for code in CODES]))
        codes = None
        for code in CODES:
            piece = b.case((cols[code], b.text(code + " ")), default=b.text(""))
            codes = piece if codes is None else exp.DPipe(this=codes, expression=piece, safe=True)
        codes = s.put(base, f"{i}:codes", exp.Nullif(this=exp.Trim(this=codes), expression=b.text("")))
        value_is_date = False
        errors = []
        if indicator.formula is not None:
            names_null = b.or_(*[b.is_null(n) for n in cols["formula_names"]])
            f = cols["formula"]
            value = b.case((b.and_(b.not_(names_null), b.finite(f)), f))
            errors.append(b.and_(b.not_(names_null), b.or_(b.is_null(f), b.not_(b.finite(f)))))
        elif indicator.unit == "milestone":
            value = cols["progress"] if cols["progress"] is not None else b.as_double(b.NULL)
        elif indicator.date_input is not None and indicator.unit == "date":
            value, value_is_date = cols["delivered"], True
        elif indicator.method == "external" and not indicator.inputs:
            value = self.cells[f"{i}.score"]["value"]
        elif len(indicator.inputs) == 1:
            value = next(iter(cols["values"].values()))
        else:
            raise self.refuse(indicator, "several inputs and no formula: the value is undefined")
        method = indicator.method
        if value_is_date and method not in ("deadline", "pass_fail", "steps"):
            raise self.refuse(indicator, f"method '{method}' cannot score a date")
        if method == "external":
            errors.append(b.and_(b.not_null(value), b.or_(b.lt(value, b.num(self.scale.low)),
                                                          b.gt(value, b.num(self.scale.high)))))
        if method == "levels" and not indicator.levels:
            raise self.refuse(indicator, "levels without level values")
        if method == "ratio" and (indicator.target is None or indicator.target.value is None):
            raise self.refuse(indicator, "ratio without a target value")
        if method == "steps" and not indicator.steps:
            raise self.refuse(indicator, "steps without milestone steps")
        if method not in METHODS:
            raise self.refuse(indicator, f"unknown scoring method '{method}'")
        value = s.put(base, f"{i}:value", value)
        eval_error = s.put(base + 1, f"{i}:eval_error", b.known(b.or_(*errors)))

        target = indicator.target
        if target is None:
            achieved = exp.cast(b.NULL, exp.DataType.build("BOOLEAN"))
        elif target.by is not None:
            delivered = cols["delivered"]
            due = exp.cast(b.text(target.by.isoformat()), DATE)
            achieved = b.and_(b.not_null(delivered), b.le(delivered, due)) if delivered is not None else b.FALSE
        elif value_is_date:
            achieved = b.FALSE
        else:
            achieved = target_test(target, value)
        achieved = s.put(base + 1, f"{i}:achieved", achieved)
        scored_with = Scored(None if value_is_date else value, exp.Coalesce(this=achieved, expressions=[b.FALSE]),
                             cols["days_late"], cols["steps_done"])
        score = s.put(base + 2, f"{i}:score", METHODS[method](indicator, self.scale, scored_with))

        present = cols["present"]
        failed = b.or_(faulted, eval_error, b.not_(b.finite(score)))
        missing = "excluded" if self.policy == "exclude" else "missing"
        status = s.put(base + 3, f"{indicator.id}.status",
                       b.case((b.not_(present), b.text(missing)), (failed, b.text("error")), default=b.text("scored")))
        scored = b.eq(status, b.text("scored"))
        zero = self.policy == "zero"
        out = {
            "value": b.case((scored, value)),
            "status": status,
            "achieved": b.case((scored, achieved), *([(b.not_(present), b.FALSE)] if zero else [])),
            "score": b.case((scored, score), default=b.num(0) if zero else None),
            "error": b.case((b.not_(present), b.text("EV05") if self.policy == "error" else b.NULL),
                            (faulted, codes), (b.eq(status, b.text("error")), b.text("EV09"))),
        }
        for field, expression in out.items():
            if field != "status":
                s.put(base + 4, f"{i}.{field}", expression)

    # --- the whole query ---------------------------------------------------------------------------------------

    def query(self) -> exp.Select:
        indicators = list(self.ruleset.indicators.values())
        self.stages.put(0, UNIT, read.stripped(b.col(UNIT)))
        for name in self.keep:
            self.stages.put(0, name, b.col(name))
        for indicator in indicators:
            self.inputs(indicator)
        for indicator in indicators:
            if indicator.formula is not None:
                self.formula(indicator)
        base = self.stages.last + 1
        for indicator in indicators:
            self.evaluate(indicator, base)
        dims = self.dimensions(base + 5)
        return self.assemble(dims)

    def dimensions(self, stage: int) -> dict:
        out = {}
        for d in self.ruleset.dimensions:
            weighted = [i for i in self.ruleset.indicators_in(d.id) if i.weight > 0]
            if not weighted:
                out[d.id] = self.stages.put(stage, f"dimension.{d.id}", b.as_double(b.NULL))
                continue
            total, weights = None, None
            for i in weighted:
                score = b.col(f"{i.id}.score")
                term = b.mul(b.num(float(i.weight)), exp.Coalesce(this=score, expressions=[b.num(0)]))
                weight = b.case((b.not_null(score), b.num(float(i.weight))), default=b.num(0))
                total = term if total is None else b.add(total, term)
                weights = weight if weights is None else b.add(weights, weight)
            out[d.id] = self.stages.put(stage, f"dimension.{d.id}", b.safe_div(total, weights))
        return out

    def assemble(self, dims: dict) -> exp.Select:
        total, weights = None, None
        for d in self.ruleset.dimensions:
            if d.weight <= 0:
                continue
            score = dims[d.id]
            term = b.mul(b.num(float(d.weight)), exp.Coalesce(this=score, expressions=[b.num(0)]))
            weight = b.case((b.not_null(score), b.num(float(d.weight))), default=b.num(0))
            total = term if total is None else b.add(total, term)
            weights = weight if weights is None else b.add(weights, weight)
        overall = b.safe_div(total, weights) if total is not None else b.as_double(b.NULL)
        selected = [b.col(UNIT), exp.alias_(overall, "overall", quoted=True)]
        selected += [b.col(f"dimension.{d.id}") for d in self.ruleset.dimensions]
        for indicator in self.ruleset.indicators.values():
            selected += [b.col(f"{indicator.id}.{field}") for field in ("value", "status", "achieved", "score", "error")]
        selected += [b.col(name) for name in self.keep]

        ctes = []
        previous = None
        for number, (own, carried) in enumerate(self.live(selected, self.row_given())):
            columns = [exp.alias_(e, alias, quoted=True) for alias, e in own.items()]
            if previous is None:
                select = exp.select(*columns).from_(table_expression(self.table), copy=False)
            else:
                select = exp.select(*[b.col(c) for c in carried], *columns).from_(
                    exp.to_identifier(previous, quoted=True), copy=False)
                if number == 1:
                    select = select.where(self.row_given(), copy=False)
            name = f"s{number}"
            ctes.append((name, select))
            previous = name
        query = exp.select(*selected).from_(exp.to_identifier(previous, quoted=True))
        for name, select in ctes:
            query = query.with_(exp.to_identifier(name, quoted=True), as_=select, copy=False)
        return query


    def row_given(self) -> exp.Expression:
        """A row with no unit and every cell empty is no unit at all (the Python table reader skips it)."""
        cells = [b.col(alias) for alias in self.stages.columns[0] if alias.startswith("t:")]
        return b.or_(*[b.not_null(c) for c in [b.col(UNIT)] + cells])

    def live(self, selected, where) -> list[tuple[dict, list[str]]]:
        """Per stage: the columns it computes that something later uses, and the earlier columns it
        passes on (stage 1 also filters on `where`). Carrying only live columns keeps every stage
        narrow (Spark's analyzer is slow on wide chains of ``SELECT *``)."""
        needed = {c.name for e in selected for c in e.find_all(exp.Column)}
        plan = []
        stages = sorted(self.stages.columns)
        for stage in reversed(stages):
            own = {alias: e for alias, e in self.stages.columns[stage].items() if alias in needed}
            carried = sorted(needed - set(own))
            plan.append((own, carried))
            needed = set(carried) | {c.name for e in own.values() for c in e.find_all(exp.Column)}
            if stage == stages[1]:
                needed |= {c.name for c in where.find_all(exp.Column)}
        return list(reversed(plan))


def build_query(ruleset, table: str = "evidence", columns=None, keep=()) -> exp.Select:
    """The query as a sqlglot tree. `columns`: the evidence table's columns, when known (absent
    cells are then empty; a mapping column → "number" marks typed numeric columns, read without
    going through text); by default every column of the layout is expected, of any type. `keep`:
    table columns to pass through, last."""
    return Compiler(ruleset, table, columns, keep).query()


DIALECTS = ("duckdb", "spark", "postgres", "bigquery", "snowflake", "sqlite")


def to_sql(ruleset, dialect: str = "duckdb", table: str = "evidence", columns=None, pretty: bool = True) -> str:
    return build_query(ruleset, table, columns).sql(dialect=dialect, pretty=pretty)

