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
"""

CODE = "SC09"
NAME = "schema.too-large"
SEVERITY = "error"
SUMMARY = "alias bomb, recursive alias or nesting too deep"
check = None
