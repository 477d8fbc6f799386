"""The page around every HTML report: escaping, the inline stylesheet (screen and A4 print), tables.

Every text that comes from a rule file or evidence goes through `esc`; the
page loads nothing (no scripts, fonts, images or styles from elsewhere), so it
opens the same offline, in a mail client or printed.
"""

from __future__ import annotations

import html

from kpiengine.reports.i18n import _, language

STYLE = """
:root { --ink: #1d2733; --muted: #5b6b7b; --line: #d5dde6; --accent: #2f6fab; --good: #2e8b57; --bad: #c0392b; }
* { box-sizing: border-box; }
body { font-family: "Sarabun", "TH Sarabun New", "Noto Sans Thai", "Loma", "Tahoma", sans-serif; color: var(--ink);
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .6rem;
     border-bottom: 2px solid var(--line); } h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.big { font-size: 2.4rem; font-weight: 700; color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; color: var(--muted); }
.status-error, .no { color: var(--bad); } .yes { color: var(--good); }
.explain { border: 1px solid var(--line); border-radius: 4px; padding: .5rem .8rem; margin: .6rem 0;
           break-inside: avoid; }
.explain pre { margin: .2rem 0; white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
               font-size: .85rem; }
.ladder td.reached { background: #dff0e4; font-weight: 700; }
.errors li { margin: .2rem 0; } .where { font-family: ui-monospace, monospace; font-size: .85em; }
svg { max-width: 100%; height: auto; } svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
.chart { margin: .5rem 0 1rem; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; } table, svg, .explain { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(value) -> str:
    """Text for HTML: every character that could open markup is escaped (quotes too, for attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: list[str]) -> str:
    lang = language()
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">",
        f"<title>{esc(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        *body,
        f'<footer class="meta">{esc(_("made by kpiengine"))}</footer>',
        "</body>",
        "</html>",
        "",
    ])


def table(headers: list, rows: list, numeric=(), classes=None) -> str:
    """A table; `rows` hold HTML already escaped; `numeric` column indexes are right-aligned."""
    head = "".join(f'<th{" class=num" if n in numeric else ""}>{esc(h)}</th>' for n, h in enumerate(headers))
    out = [f"<table><thead><tr>{head}</tr></thead><tbody>"]
    for k, row in enumerate(rows):
        cls = f' class="{classes[k]}"' if classes and classes[k] else ""
        cells = "".join(f'<td{" class=num" if n in numeric else ""}>{c}</td>' for n, c in enumerate(row))
        out.append(f"<tr{cls}>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def named(ident: str, name: str | None) -> str:
    """An id with its name beside it, escaped: the name first for people, the id small for tools."""
    if name and name != ident:
        return f'{esc(name)} <span class="id">{esc(ident)}</span>'
    return f'<span class="id">{esc(ident)}</span>'
