"""An input's ``min`` / ``max`` must make sense: a name must be another
input of the indicator (with a did-you-mean), of a comparable kind (a date
bounds a date, a number a number); a boolean has no bounds; and a numeric
``min`` must not exceed ``max``.

Failing::

    inputs:
      satisfied: {type: count, max: respondnts}
      respondents: {type: count, min: 10, max: 5}

Passing::

    inputs:
      satisfied: {type: count, max: respondents}
      respondents: {type: count, min: 1}
"""

from kpiengine.core import calendar
from kpiengine.core.codes import Code
from kpiengine.core.errors import ValueFormatError
from kpiengine.core.numbers import describe
from kpiengine.core.problems import Severity
from kpiengine.core.suggest import did_you_mean

CODE = Code("RF09", "references.input-bounds", Severity.ERROR,
            "an input bound that names no input, is of the wrong kind, or min above max", __doc__)


def _is_date(text: str) -> bool:
    try:
        calendar.parse_day(text)
        return True
    except ValueFormatError:
        return False


def _problem(name, spec, side, bound, inputs):
    if spec.type == "boolean":
        return f"input '{name}' is a boolean: it cannot have a {side}"
    if isinstance(bound, str) and bound in inputs:
        if bound == name:
            return f"input '{name}' names itself as its {side}"
        other = inputs[bound].type
        if other == "boolean" or (other == "date") != (spec.type == "date"):
            return f"{side} of input '{name}' ({spec.type}) is input '{bound}', a {other}: they cannot be compared"
        return None
    if isinstance(bound, str) and _is_date(bound):
        if spec.type != "date":
            return f"{side} of input '{name}' ({spec.type}) is a date ({describe(bound)})"
        return None
    if isinstance(bound, str):
        hint = did_you_mean(bound, [n for n in inputs if n != name])
        return f"{side} of input '{name}' names no input of this indicator: {describe(bound)}{hint}"
    if spec.type == "date":
        return f"{side} of date input '{name}' is a number ({describe(bound)}): give a date or a date input"
    return None


def check(ruleset):
    for ind in ruleset.indicators.values():
        for name, spec in ind.inputs.items():
            for side in ("min", "max"):
                bound = getattr(spec, side)
                if bound is None:
                    continue
                message = _problem(name, spec, side, bound, ind.inputs)
                if message:
                    yield (message, ind.where("inputs", name, side, value=True))
            low, high = spec.min, spec.max
            if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
                yield (f"input '{name}' has min {low} above max {high}: no value is allowed",
                       ind.where("inputs", name, "min", value=True))
