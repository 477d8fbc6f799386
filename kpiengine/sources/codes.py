"""The codes the sources stage raises while reading files: declared here, once.

`kpiengine.sources.yaml_reader` reads bytes into YAML with positions; each
fault is a `Problem` made with one of these codes (`SC02.problem(message,
location)`). The rule loader raises some of them too (a missing path, a value
of the wrong form, nesting too deep to validate). ``kpi checks`` lists them
with the lint catalog; their documentation is the text below each.
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

IO01 = Code(
    "IO01", "io.unreadable", Severity.ERROR,
    "file cannot be read",
    """A rule or evidence file that cannot be read (missing, a directory, no permission).

Reported while the file is read; it has no YAML example.
""",
    stage="sources",
)

IO02 = Code(
    "IO02", "io.encoding", Severity.ERROR,
    "file is not UTF-8",
    """A file that is not UTF-8 text (Thai text must be saved as UTF-8).

Reported at the first byte that cannot be decoded. Save the file as UTF-8
(with or without a byte-order mark).
""",
    stage="sources",
)

SC01 = Code(
    "SC01", "schema.yaml-syntax", Severity.ERROR,
    "YAML syntax error",
    """YAML that cannot be parsed.

Failing::

    kind: indicator
    id: satisfaction
    name: [unclosed

Passing::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
""",
    stage="sources",
)

SC02 = Code(
    "SC02", "schema.duplicate-key", Severity.ERROR,
    "duplicate key in a mapping",
    """The same key twice in one mapping. YAML parsers silently keep the last
one; we refuse both so that no figure is lost without a word.

Failing::

    kind: indicator
    id: satisfaction
    weight: 60
    weight: 40

Passing::

    kind: indicator
    id: satisfaction
    weight: 60
""",
    stage="sources",
)

SC04 = Code(
    "SC04", "schema.wrong-type", Severity.ERROR,
    "value of the wrong type or form",
    """A value of the wrong type or form: text where a number belongs, an id
with capitals, a unit that does not exist, a date that cannot be read.

Failing::

    kind: indicator
    id: Satisfaction
    weight: sixty
    unit: percnt

Passing::

    kind: indicator
    id: satisfaction
    weight: 60
    unit: percent
""",
    stage="sources",
)

SC09 = Code(
    "SC09", "schema.too-large", Severity.ERROR,
    "alias bomb, recursive alias or nesting too deep",
    """A document too large or too deep to read: an alias bomb (aliases that
expand to millions of nodes), a recursive alias, or nesting deeper than 100
levels. Rule files never need any of these.

Failing::

    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]

Passing::

    defaults: &defaults {type: count, min: 0}
    inputs:
      satisfied: *defaults
""",
    stage="sources",
)
