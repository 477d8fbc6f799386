"""A deadline indicator needs its due date: ``target: {by: 2563-09-30}``
(a month alone, ``2563-09``, means its last day).

Failing::

    unit: date
    inputs: {delivered: {type: date}}
    scoring: {method: deadline}

Passing::

    unit: date
    inputs: {delivered: {type: date}}
    target: {by: 2563-09-30}
    scoring: {method: deadline}
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("SG07", "scoring.deadline-due", Severity.ERROR, "deadline without a due date", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        if ind.method != "deadline":
            continue
        if ind.target is None:
            yield (f"deadline indicator '{ind.id}' has no due date: add target: {{by: <date>}}",
                   ind.where("id"))
        elif ind.target.by is None:
            yield (f"deadline indicator '{ind.id}' needs target: {{by: <date>}}, "
                   f"not '{ind.target.text()}'", ind.where("target", value=True))
