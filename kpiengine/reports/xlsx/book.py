"""What every workbook we write shares: an in-memory workbook, the formats, page setup."""

from __future__ import annotations

import io
from datetime import date, datetime

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from kpiengine.reports.i18n import language

FONT = "Tahoma"  # present on every Windows and macOS machine, with Thai letters
FIXED_TIME = datetime(2000, 1, 1)  # document properties: the same bytes for the same report
SCORE = "0.0000"
WEIGHT = "0.####"
MONEY = "#,##0.00"
PERCENT = "0.00"


def cell(row: int, col: int, absolute: bool = False) -> str:
    """A1 reference of a 0-based row and column."""
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def column(col: int) -> str:
    return xl_col_to_name(col)


class Book:
    """A workbook being built in memory, with our formats; `bytes()` closes it."""

    def __init__(self, title: str = ""):
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False,
                                                    "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.set_properties({"title": title, "created": FIXED_TIME, "author": "kpiengine"})
        base = {"font_name": FONT, "font_size": 10, "valign": "top"}
        date_format = "[$-th-TH]d mmm bbbb" if language() == "th" else "yyyy-mm-dd"
        self.formats = {
            "text": {}, "wrap": {"text_wrap": True}, "score": {"num_format": SCORE},
            "weight": {"num_format": WEIGHT}, "money": {"num_format": MONEY}, "percent": {"num_format": PERCENT},
            "date": {"num_format": date_format, "align": "left"},
            "header": {"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True},
            "title": {"bold": True, "font_size": 14},
            "total": {"bold": True, "num_format": SCORE, "top": 1},
            "bold": {"bold": True},
            "locked": {"locked": True, "bg_color": "#F2F2F2", "text_wrap": True},
            "input": {"locked": False, "bg_color": "#FFFFFF", "border": 1, "border_color": "#BFBFBF"},
            "input_date": {"locked": False, "border": 1, "border_color": "#BFBFBF", "num_format": date_format},
        }
        self.formats = {name: self.wb.add_format({**base, **spec}) for name, spec in self.formats.items()}

    def __getitem__(self, name: str):
        return self.formats[name]

    def sheet(self, name: str, landscape: bool = True, freeze: tuple = (1, 0)):
        """A sheet set up to print on A4, headers frozen and repeated on every page."""
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer("&L&A&R&P / &N")
        if freeze:
            ws.freeze_panes(*freeze)
            if freeze[0]:
                ws.repeat_rows(0, freeze[0] - 1)
        return ws

    def write(self, ws, row: int, col: int, value, fmt: str = "text") -> None:
        """A value of ours: numbers as numbers, dates as real date cells, None as an empty cell."""
        f = self.formats[fmt]
        if value is None:
            ws.write_blank(row, col, None, f)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, f)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, f)
        elif isinstance(value, date):
            ws.write_datetime(row, col, datetime(value.year, value.month, value.day),
                              self.formats["date"] if fmt == "text" else f)
        else:
            ws.write_string(row, col, str(value), f)

    def formula(self, ws, row: int, col: int, formula: str, cached, fmt: str = "score") -> None:
        """A live formula with the engine's value cached (an empty text when there is no number)."""
        ws.write_formula(row, col, formula, self.formats[fmt], "" if cached is None else cached)

    def bytes(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()
