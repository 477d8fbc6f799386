"""Small builders of sqlglot syntax trees, so that the compiler reads like the arithmetic it encodes.

Every number is a DOUBLE (an integer literal would be integer arithmetic in some dialects, a
decimal literal DECIMAL arithmetic in DuckDB); every identifier is quoted.
"""

from __future__ import annotations

from sqlglot import exp

DOUBLE = exp.DataType.build("DOUBLE")
TEXT = exp.DataType.build("VARCHAR")
INT = exp.DataType.build("INT")
LARGEST = 1.7976931348623157e308
EXACT_INTEGERS = 4503599627370496.0  # 2^52: every double at least this large is a whole number

NULL = exp.Null()
TRUE = exp.true()
FALSE = exp.false()


def col(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def num(value: float) -> exp.Expression:
    """A DOUBLE constant; repr() round-trips, so the SQL sees the very float Python uses."""
    value = float(value)
    literal = exp.Literal.number(repr(abs(value)))
    node = exp.cast(literal, DOUBLE, copy=False)
    return exp.Neg(this=node) if value < 0 or (value == 0 and str(value).startswith("-")) else node


def whole(value: int) -> exp.Expression:
    return exp.Literal.number(int(value))


def text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def paren(e: exp.Expression) -> exp.Expression:
    """`e` in brackets unless it is atomic (sqlglot counts AND and OR among its functions)."""
    atomic = isinstance(e, (exp.Column, exp.Literal, exp.Paren, exp.Null, exp.Boolean, exp.Case, exp.Cast)) or \
        (isinstance(e, exp.Func) and not isinstance(e, (exp.Binary, exp.Connector)))
    return e if atomic else exp.Paren(this=e)


def case(*whens, default: exp.Expression | None = None) -> exp.Case:
    node = exp.Case()
    for condition, value in whens:
        node = node.when(condition, value, copy=False)
    if default is not None:
        node = node.else_(default, copy=False)
    return node


def add(a, b):
    return exp.Add(this=paren(a), expression=paren(b))


def sub(a, b):
    return exp.Sub(this=paren(a), expression=paren(b))


def mul(a, b):
    return exp.Mul(this=paren(a), expression=paren(b))


def div(a, b):
    """a / b where b is known not to be zero (or is NULL)."""
    return exp.Div(this=paren(a), expression=paren(b))


def safe_div(a, b):
    """a / b, NULL when b is zero: Spark in ANSI mode aborts the whole query on a division by zero."""
    return div(a, exp.Nullif(this=paren(b), expression=num(0)))


def neg(a):
    return exp.Neg(this=paren(a))


def eq(a, b):
    return exp.EQ(this=paren(a), expression=paren(b))


def ne(a, b):
    return exp.NEQ(this=paren(a), expression=paren(b))


def lt(a, b):
    return exp.LT(this=paren(a), expression=paren(b))


def le(a, b):
    return exp.LTE(this=paren(a), expression=paren(b))


def gt(a, b):
    return exp.GT(this=paren(a), expression=paren(b))


def ge(a, b):
    return exp.GTE(this=paren(a), expression=paren(b))


def and_(*conditions):
    conditions = [c for c in conditions if c is not None]
    if not conditions:
        return TRUE
    return exp.and_(*[paren(c) for c in conditions], copy=False) if len(conditions) > 1 else conditions[0]


def or_(*conditions):
    conditions = [c for c in conditions if c is not None]
    if not conditions:
        return FALSE
    return exp.or_(*[paren(c) for c in conditions], copy=False) if len(conditions) > 1 else conditions[0]


def not_(a):
    return exp.Not(this=paren(a))


def is_null(a):
    return exp.Is(this=paren(a), expression=exp.Null())


def not_null(a):
    return not_(is_null(a))


def known(condition):
    """A condition that is false where SQL's three-valued logic would leave it NULL."""
    return exp.Coalesce(this=condition, expressions=[FALSE])


def abs_(a):
    return exp.Abs(this=a)


def greatest(*args):
    return exp.Greatest(this=args[0], expressions=list(args[1:]))


def least(*args):
    return exp.Least(this=args[0], expressions=list(args[1:]))


def finite(a):
    """True for a finite double: NaN sorts above every number in DuckDB, Spark and PostgreSQL."""
    return exp.Between(this=paren(a), low=num(-LARGEST), high=num(LARGEST))


def floor_(a):
    """FLOOR that never overflows: Spark's FLOOR(DOUBLE) is a BIGINT; doubles beyond 2^52 are whole."""
    return case((lt(abs_(a), num(EXACT_INTEGERS)), exp.cast(exp.Floor(this=a), DOUBLE, copy=False)), default=a)


def ceil_(a):
    return case((lt(abs_(a), num(EXACT_INTEGERS)), exp.cast(exp.Ceil(this=a), DOUBLE, copy=False)), default=a)


def as_double(a):
    return exp.cast(a, DOUBLE, copy=False)


def flag(condition):
    """A condition as the double 1.0 / 0.0 (NULL stays NULL), the way a formula sees a comparison."""
    return case((condition, num(1)), (not_(condition), num(0)))


def regexp_like(a, pattern: str):
    return exp.RegexpLike(this=a, expression=text(pattern))


def regexp_extract(a, pattern: str, group: int):
    return exp.RegexpExtract(this=a, expression=text(pattern), group=whole(group))


def regexp_replace(a, pattern: str, replacement: str = ""):
    return exp.RegexpReplace(this=a, expression=text(pattern), replacement=text(replacement))


def replace(a, old: str, new: str = ""):
    return exp.func("REPLACE", a, text(old), text(new))


def lower(a):
    return exp.Lower(this=a)


def length(a):
    return exp.Length(this=a)


def substring(a, start, count):
    return exp.Substring(this=a, start=start, length=count)
