"""One indicator's evidence → typed, checked inputs (SPEC §2, §5 milestone).

`read_inputs` coerces every input to its declared type (count, number,
percent, currency, date, boolean), checks bounds (numbers or other inputs'
names) and milestone steps, and collects *every* fault as a located
`Problem`. It never raises for bad evidence, and it never evaluates: the
engine only computes with what this step accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpiengine.core import calendar
from kpiengine.core.errors import ValueFormatError
from kpiengine.core.messages import reason, say
from kpiengine.core.numbers import describe, format_number, parse_boolean, parse_number, parse_whole, shorten
from kpiengine.core.suggest import did_you_mean
from kpiengine.evidence.codes import EV02, EV03, EV04, EV05, EV08, EV09
from kpiengine.evidence.steps import read_steps

_EMPTY: dict = {}


@dataclass(slots=True)
class IndicatorInputs:
    """The evidence of one indicator, typed and checked.

    `values`: input name → int / float / bool / date / None (a deadline not
    delivered); for milestone indicators the steps done and the progress.
    `faults` is empty when the evidence may be evaluated.
    """

    values: dict
    completed: tuple = ()
    partial: dict = None  # type: ignore[assignment]  # step → fraction (None: none)
    progress: float | None = None
    steps_done: int | None = None  # consecutive steps done from step 1
    faults: tuple = ()
    entry: object = None  # the EvidenceEntry it was read from (locates evaluation faults)

    @property
    def ok(self) -> bool:
        return not self.faults


def _coerce_count(value):
    if type(value) is int and value >= 0:
        return value
    if value is None:
        raise ValueFormatError(say("no value given (null)"))
    number = parse_whole(value)
    if number < 0:
        raise ValueFormatError(say("a count cannot be negative, got {value}", value=describe(value)))
    return number


def _coerce_number(value):
    if type(value) is int or type(value) is float:
        return parse_number(value)
    if value is None:
        raise ValueFormatError(say("no value given (null)"))
    return parse_number(value)


def _coerce_boolean(value):
    if value is None:
        raise ValueFormatError(say("no value given (null)"))
    return parse_boolean(value)


_DAYS: dict = {}  # date text → date: evidence repeats the same few dates


def _coerce_date(value):
    if value is None:
        return None
    if type(value) is str:
        day = _DAYS.get(value)
        if day is None:
            day = calendar.parse_day(value, "date")
            if len(_DAYS) < 10_000:
                _DAYS[value] = day
        return day
    return calendar.parse_day(value, "date")


# input type → reader of one value (None: not delivered, for dates only)
COERCE = {"count": _coerce_count, "number": _coerce_number, "percent": _coerce_number,
          "currency": _coerce_number, "boolean": _coerce_boolean, "date": _coerce_date}


def coerce(kind: str, value):
    """The value of an input of type `kind`, as the engine computes with it; raises ValueFormatError."""
    return COERCE[kind](value)


class _FastPlan:
    """What `read_inputs` needs to accept the common case — every input present, a plain number of the
    right kind within numeric bounds, a delivery date written as text, an external score within the
    scale — without its general machinery. Anything else goes the full way, so faults and their
    messages come from one place."""

    __slots__ = ("names", "kinds", "bounds", "usable", "score")

    def __init__(self, indicator):
        specs = indicator.inputs
        kinds = {}
        self.usable = indicator.unit != "milestone"
        for name, spec in specs.items():
            if spec.type in ("number", "percent", "currency"):
                kinds[name] = "number"
            elif spec.type in ("count", "date"):
                kinds[name] = spec.type
            else:
                self.usable = False
        self.score = indicator.method == "external" and not specs
        if self.score:
            kinds["score"] = "number"
        self.names = tuple(kinds)
        self.kinds = tuple(kinds.values())
        self.usable = self.usable and bool(kinds) and frozenset(indicator.evidence_names) == frozenset(kinds)
        bounds = []
        for name, spec in specs.items():
            for is_min, bound in ((True, spec.min), (False, spec.max)):
                if bound is None:
                    continue
                if spec.type == "date" or (isinstance(bound, str) and kinds.get(bound) not in ("number", "count")):
                    self.usable = False
                bounds.append((name, is_min, bound, isinstance(bound, str)))
        self.bounds = tuple(bounds)

    def read(self, raw, scale):
        """The typed values, or None when the full reader must decide."""
        if type(raw) is not dict or len(raw) != len(self.names):
            return None
        values = {}
        for name, kind in zip(self.names, self.kinds, strict=True):
            value = raw.get(name, raw)
            vtype = type(value)
            if kind == "date":
                day = _DAYS.get(value) if vtype is str else None
                if day is None:
                    return None
                values[name] = day
                continue
            if vtype is int:
                if (kind == "count" and value < 0) or not -_BIG < value < _BIG:
                    return None
            elif vtype is not float or kind == "count" or value - value != 0.0:
                return None
            values[name] = value
        for name, is_min, bound, named in self.bounds:
            limit = values[bound] if named else bound
            if (values[name] < limit) if is_min else (values[name] > limit):
                return None
        if self.score and not scale.low <= values["score"] <= scale.high:
            return None
        return values


_BIG = 2 ** 1000


def read_inputs(indicator, entry, scale) -> IndicatorInputs:
    """Coerce and check the evidence `entry` of `indicator`: types, bounds, steps."""
    plan = indicator.fast_reader
    if plan is None:
        plan = indicator.fast_reader = _FastPlan(indicator)
    if plan.usable:
        values = plan.read(entry.values, scale)
        if values is not None:
            return IndicatorInputs(values, entry=entry)
    faults: list = []
    ident = indicator.id

    def fault(code, message, *sub, key=False):
        faults.append(code.problem(message, entry.where(*sub, key=key), ident))

    raw = entry.values
    if not isinstance(raw, dict):
        fault(EV08, say("evidence of '{indicator}' must be a mapping of input name → value, got {value}",
                        indicator=ident, value=describe(raw)))
        return IndicatorInputs(_EMPTY, faults=tuple(faults), entry=entry)
    allowed = indicator.evidence_names
    if len(raw) != len(allowed) or any(key not in allowed for key in raw):
        for key in raw:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed)
                known = ", ".join(allowed) or say("none")
                fault(EV02, say("unknown input '{input}' for '{indicator}'{hint} (inputs: {known})",
                                input=shorten(str(key)), indicator=ident, hint=hint, known=known), key, key=True)
    values = {}
    for name, spec in indicator.inputs.items():
        if name not in raw:
            fault(EV05, say("missing input '{input}' for '{indicator}'", input=name, indicator=ident))
            continue
        try:
            values[name] = COERCE[spec.type](raw[name])
        except ValueFormatError as exc:
            fault(EV03, say("input '{input}' of '{indicator}': {reason}", input=name, indicator=ident,
                            reason=reason(exc)), name)
    if indicator.method == "external" and not indicator.inputs:
        if "score" not in raw:
            fault(EV05, say("missing input '{input}' for '{indicator}'", input="score", indicator=ident))
        else:
            try:
                values["score"] = parse_number(raw["score"])
            except ValueFormatError as exc:
                fault(EV03, say("input '{input}' of '{indicator}': {reason}", input="score", indicator=ident,
                                reason=reason(exc)), "score")
    if indicator.bounded:
        _check_bounds(indicator, values, fault, scale)
    if indicator.unit == "milestone" and indicator.steps:
        steps = read_steps(say("'{indicator}'", indicator=ident), indicator.steps, raw, fault)
        if steps is not None:
            completed, partial, progress, done = steps
            return IndicatorInputs(values, completed, partial, progress, done, tuple(faults), entry)
    return IndicatorInputs(values, faults=tuple(faults), entry=entry)


def _check_bounds(indicator, values: dict, fault, scale) -> None:
    ident = indicator.id
    for name, spec in indicator.inputs.items():
        value = values.get(name)
        if value is None or isinstance(value, bool):
            continue
        for side, bound in (("min", spec.min), ("max", spec.max)):
            if bound is None:
                continue
            limit, label = _bound_value(bound, spec.type, values)
            if limit is None:
                continue
            if isinstance(limit, date) != isinstance(value, date):  # a date bound on a number, or the reverse
                if isinstance(value, date):
                    fault(EV09, say("input '{input}' of '{indicator}': its bound '{side}: {bound}' cannot be compared "
                                    "with a date (fix the rule set)", input=name, indicator=ident, side=side,
                                    bound=bound), name)
                else:
                    fault(EV09, say("input '{input}' of '{indicator}': its bound '{side}: {bound}' cannot be compared "
                                    "with a number (fix the rule set)", input=name, indicator=ident, side=side,
                                    bound=bound), name)
                continue
            if (side == "min" and value < limit) or (side == "max" and value > limit):
                shown = value.isoformat() if isinstance(value, date) else format_number(value)
                if side == "min":
                    fault(EV04, say("input '{input}' of '{indicator}' must be at least {bound}, got {value}",
                                    input=name, indicator=ident, bound=label, value=shown), name)
                else:
                    fault(EV04, say("input '{input}' of '{indicator}' must be at most {bound}, got {value}",
                                    input=name, indicator=ident, bound=label, value=shown), name)
    if "score" in values and indicator.method == "external" and not indicator.inputs:
        score = values["score"]
        if not scale.low <= score <= scale.high:
            fault(EV04, say("score of '{indicator}' must be within the scale [{low}, {high}], got {value}",
                            indicator=ident, low=format_number(scale.low), high=format_number(scale.high),
                            value=format_number(score)), "score")


def _bound_value(bound, kind: str, values: dict):
    """The number (or date) a bound stands for, and how to name it; None if unknown."""
    if isinstance(bound, str) and bound in values:
        other = values[bound]
        if other is None or isinstance(other, bool):
            return None, ""
        shown = other.isoformat() if isinstance(other, date) else format_number(other)
        return other, f"{bound} ({shown})"
    if isinstance(bound, str) and kind == "date":
        try:
            day = calendar.parse_day(bound)
        except ValueFormatError:
            return None, ""
        return day, day.isoformat()
    if isinstance(bound, str):
        return None, ""  # an input that failed or is missing: reported already
    return bound, format_number(bound)
