"""The properties every indicator should have, checked on one piece of evidence at a time.

Each property has a stable name (what ``kpi fuzz`` prints):

- ``domain-valid`` — every declared bound can be used as written and leaves some valid value;
- ``no-crash`` — evaluation never raises: faults become indicator errors;
- ``evidence-accepted`` — evidence within every declared domain is read without faults;
- ``formula-evaluates`` — the formula (and the scoring) evaluates on every valid input;
- ``score-in-scale`` — the score lies within the plan's scale, or is ``below_first_level`` (a ``ratio``
  score runs from 0, as SPEC §5 defines it);
- ``percent-range`` — a ``percent`` value whose target and levels lie in 0–100 stays in 0–100 (a
  missing ``max: staff`` lets 125 % be scored; ``kpi check`` FM10 finds the same statically);
- ``score-monotone`` — a better value (in the indicator's direction) never scores less;
- ``levels-continuous`` — with interpolation, the score has no jump at a level boundary;
- ``input-effect`` — an input declared ``effect: increases`` (``decreases``) moves the value that way;
- ``steps-monotone`` — completing one more milestone step never lowers the score;
- ``deterministic`` — the same evidence gives the same result;
- ``invalid-evidence-reported`` — evidence with a fault is reported as an evidence error, never scored.

`Checker.check` runs the properties about one piece of valid evidence,
`Checker.check_invalid` those about invalid evidence; `monotone_violations`
and the static `domain_violations` / `continuity_violations` look at the
indicator as a whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from kpiengine.core.errors import KpiError
from kpiengine.core.numbers import format_number
from kpiengine.engine import scoring
from kpiengine.engine.evaluation import evaluate_entry
from kpiengine.evidence.codes import EV09
from kpiengine.evidence.document import EvidenceEntry, NoLocator
from kpiengine.evidence.inputs import read_inputs
from kpiengine.rules.targets import near
from kpiengine.testing.candidates import size, tidy
from kpiengine.testing.domains import IndicatorDomain, usable

PROPERTIES = ("domain-valid", "no-crash", "evidence-accepted", "formula-evaluates", "score-in-scale",
              "percent-range", "score-monotone", "levels-continuous", "input-effect", "steps-monotone", "deterministic",
              "invalid-evidence-reported")
FILE = "<fuzz>"
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Violation:
    """A property broken by one piece of evidence (`other`: the second of a pair, when the property compares two)."""

    property: str
    message: str
    other: object = None
    note: str = ""  # what the evidence gives, e.g. "value 6 scores 0"
    other_note: str = ""  # the same for `other`


class Sample(NamedTuple):
    """A scored piece of evidence, for the properties that compare several."""

    key: tuple | None  # `Checker.order_key`
    score: float
    values: dict
    value: object
    delivered: date | None


@dataclass
class Outcome:
    """One evaluation: the result, or the exception our code raised."""

    result: object = None
    crash: BaseException | None = None


def show(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(tidy(value))
    return repr(value)


class _ScaleOnly:
    """What `evaluate_indicator` needs of a rule set, for an indicator checked on its own."""

    def __init__(self, scale):
        self.scale = scale


class Checker:
    """Evaluates evidence of one indicator and checks the properties on it."""

    def __init__(self, ruleset, indicator, domain: IndicatorDomain):
        self.ruleset = ruleset if hasattr(ruleset, "scale") else _ScaleOnly(scoring.Scale())
        self.indicator = indicator
        self.domain = domain
        self.scale = self.ruleset.scale

    # --- running the engine ---

    def run(self, values) -> Outcome:
        try:
            entry = EvidenceEntry(self.indicator.id, values, NoLocator(FILE))
            return Outcome(evaluate_entry(self.ruleset, self.indicator, entry))
        except Exception as exc:  # noqa: BLE001 — any escape is what the no-crash property is about
            return Outcome(crash=exc)

    def accepts(self, values, allow=()) -> bool:
        """Whether the evidence reader takes `values` without a fault (other than those coded in `allow`)
        and without crashing."""
        try:
            inputs = read_inputs(self.indicator, EvidenceEntry(self.indicator.id, values, NoLocator(FILE)), self.scale)
        except Exception:  # noqa: BLE001 — a crash here is reported by `check`
            return False
        return all(f.code in allow for f in inputs.faults)

    # --- properties of one piece of valid evidence ---

    def check(self, values, only: str | None = None) -> tuple[list[Violation], Outcome]:
        """The properties `values` breaks (all, or `only` one), and the evaluation."""
        found: list[Violation] = []
        outcome = self.run(values)
        if outcome.crash is not None:
            found.append(crash_violation(outcome.crash))
            return found, outcome
        result = outcome.result

        def wanted(name: str) -> bool:
            return only is None or only == name

        if result.status == "error":
            evaluation = [f for f in result.faults if f.code == EV09.code]
            if evaluation and wanted("formula-evaluates"):
                found.append(Violation("formula-evaluates", evaluation[0].message))
            elif not evaluation and wanted("evidence-accepted") and not self.domain.problems:
                fault = result.faults[0]
                found.append(Violation("evidence-accepted", f"evidence within the declared domains is refused: "
                                                            f"{fault.message} ({fault.code})"))
            return found, outcome
        if wanted("score-in-scale"):
            found += self._in_scale(result)
        if wanted("percent-range"):
            found += self._percent(result)
        if wanted("deterministic"):
            found += self._deterministic(values, result)
        if wanted("input-effect"):
            found += self._effects(values, result)
        if wanted("steps-monotone"):
            found += self._steps(values, result)
        return found, outcome

    def _in_scale(self, result) -> list[Violation]:
        low, high, below = self.scale.low, self.scale.high, self.scale.below
        if self.indicator.method == "ratio":
            low = min(low, 0.0)  # SPEC §5: b · min(value/target, 1), never below 0 — so from 0, by design
        s = result.score
        if low - TOLERANCE <= s <= high + TOLERANCE or near(s, below):
            return []
        return [Violation("score-in-scale", f"score {show(s)} (value {show(result.value)}) is outside the scale "
                                            f"[{show(low)}, {show(high)}] and is not below_first_level "
                                            f"({show(below)})")]

    def _percent(self, result) -> list[Violation]:
        """A percent outside 0–100 where the target and levels assume 0–100."""
        if self.indicator.unit != "percent" or not _comparable(result.value):
            return []
        points = list(self.indicator.levels or [])
        target = self.indicator.target
        if target is not None and isinstance(target.value, (int, float)):
            points.append(float(target.value))
        value = _number(result.value)
        if not points or not all(0 <= p <= 100 for p in points) or -TOLERANCE <= value <= 100 + TOLERANCE:
            return []
        return [Violation("percent-range", f"percent value {show(result.value)} is outside 0–100 while the target "
                                           f"and levels lie in 0–100 (declare the inputs' bounds, e.g. max: "
                                           f"<whole> on the part)")]

    def _deterministic(self, values, result) -> list[Violation]:
        again = self.run(_copy(values))
        if again.crash is None and _summary(again.result) == _summary(result):
            return []
        second = "a crash" if again.crash is not None else \
            f"status {again.result.status}, value {show(again.result.value)}, score {show(again.result.score)}"
        return [Violation("deterministic", f"the same evidence gave status {result.status}, value "
                                           f"{show(result.value)}, score {show(result.score)}, then {second}")]

    def _effects(self, values, result) -> list[Violation]:
        found = []
        for name, spec in self.indicator.inputs.items():
            if spec.effect is None or not _comparable(result.value):
                continue
            raised = self._raised(values, name)
            if raised is None:
                continue
            after = self.run(raised)
            if after.crash is not None or after.result.status != "scored" or not _comparable(after.result.value):
                continue
            before_v, after_v = _number(result.value), _number(after.result.value)
            wrong = after_v < before_v - _slack(before_v) if spec.effect == "increases" else \
                after_v > before_v + _slack(before_v)
            if wrong:
                moved = "lowers" if after_v < before_v else "raises"
                found.append(Violation("input-effect", f"raising '{name}' from {show(values[name])} to "
                                                       f"{show(raised[name])} {moved} the value from "
                                                       f"{show(result.value)} to {show(after.result.value)} "
                                                       f"(declared effect: {spec.effect})", raised,
                                       f"value {show(result.value)}",
                                       f"'{name}' raised to {show(raised[name])}: value "
                                       f"{show(after.result.value)}"))
                break
        return found

    def _raised(self, values, name):
        """`values` with input `name` one step higher, if that is still valid evidence."""
        value = values.get(name)
        d = self.domain.input(name)
        if d is None or value is None:
            return None
        if isinstance(value, bool):
            candidates = [True] if value is False else []
        elif isinstance(value, date):
            candidates = [value + timedelta(days=1)]
        else:
            _, high = d.bounds({k: v for k, v in values.items() if k != name})
            candidates = [value + 1]
            if high is not None and value < high:
                candidates.append(tidy(value + (high - value) / 2))
        for candidate in candidates:
            trial = {**values, name: candidate}
            if candidate != value and self.accepts(trial):
                return trial
        return None

    def _steps(self, values, result) -> list[Violation]:
        steps = self.domain.steps
        if not steps or not isinstance(values, dict):
            return []
        done = set(values.get("completed") or [])
        for step in steps:
            if step in done:
                continue
            partial = {k: v for k, v in (values.get("partial") or {}).items() if k != step}
            more = {**values, "completed": sorted(done | {step})}
            if partial:
                more["partial"] = partial
            else:
                more.pop("partial", None)
            more = self.domain.arrange(more)
            after = self.run(more)
            if after.crash is None and after.result.status == "scored" and \
                    after.result.score < result.score - TOLERANCE:
                return [Violation("steps-monotone", f"completing step {step} lowers the score from "
                                                    f"{show(result.score)} to {show(after.result.score)} "
                                                    f"(progress {show(result.progress)} → "
                                                    f"{show(after.result.progress)})", more,
                                  f"score {show(result.score)}",
                                  f"step {step} completed: score {show(after.result.score)}")]
        return []

    # --- properties of invalid evidence ---

    def check_invalid(self, invalid) -> tuple[list[Violation], Outcome]:
        outcome = self.run(invalid.values)
        if outcome.crash is not None:
            return [crash_violation(outcome.crash)], outcome
        result = outcome.result
        if result.status == "scored":
            return [Violation("invalid-evidence-reported",
                              f"evidence with a fault ({invalid.kind}{_at(invalid.key)}) was scored "
                              f"{show(result.score)} instead of reported as an evidence error "
                              f"({invalid.code})")], outcome
        return [], outcome

    # --- properties of the indicator as a whole ---

    @property
    def by_delivery(self) -> bool:
        """Whether the score follows the delivery date rather than the value."""
        ind, target = self.indicator, self.indicator.target
        return ind.method == "deadline" or (ind.method == "pass_fail" and target is not None
                                            and target.by is not None)

    def order_key(self, result):
        """How good a result's value is in the indicator's direction (higher = better), or None when the
        score does not follow the value (method steps, a target with == or !=)."""
        ind = self.indicator
        target = ind.target
        if ind.method == "steps" or result.status != "scored":
            return None
        if ind.method == "pass_fail" and target is not None and target.op in ("==", "!="):
            return None
        if self.by_delivery:
            delivered = result.delivered
            return (0, 0) if delivered is None else (1, -delivered.toordinal())
        if result.value is None:
            return (0, 0)
        if not _comparable(result.value) or isinstance(result.value, date):
            return None
        value = float(result.value)
        return (1, value if ind.direction == "higher" else -value)


def monotone_violation(checker: Checker, sample: list) -> tuple | None:
    """From `Sample`s of scored evidence, the simplest pair where a better value scores less:
    (better, worse, Violation), or None."""
    rows = sorted((r for r in sample if r.key is not None), key=lambda r: r.key)
    best_before = None  # the highest-scoring row among strictly worse keys
    group_best = None
    previous_key = None
    pairs = []
    for row in rows:
        if row.key != previous_key:
            if group_best is not None and (best_before is None or group_best.score > best_before.score):
                best_before = group_best
            group_best, previous_key = None, row.key
        if best_before is not None and row.score < best_before.score - TOLERANCE:
            pairs.append((row, best_before))
        if group_best is None or row.score > group_best.score:
            group_best = row
    if not pairs:
        return None
    better, worse = min(pairs, key=lambda p: (size(p[0].values) + size(p[1].values), repr(p)))
    return better, worse, _monotone_message(checker, better, worse)


def _monotone_message(checker: Checker, better, worse) -> Violation:
    if checker.by_delivery:
        what, why = "an earlier delivery", ""
        b, w = _delivered(better), _delivered(worse)
    else:
        what, why = "a better value", f" (direction {checker.indicator.direction})"
        b, w = _valued(better), _valued(worse)
    return Violation("score-monotone", f"{what} scores less: {b} scores {show(better.score)}, while {w} scores "
                                       f"{show(worse.score)}{why}", worse.values,
                     f"{b} scores {show(better.score)}", f"{w} scores {show(worse.score)}")


def _valued(row) -> str:
    return f"value {show(row.value)}" if row.value is not None else "no value (not delivered)"


def _delivered(row) -> str:
    return f"delivery on {show(row.delivered)}" if row.delivered is not None else "no delivery"


def continuity_violations(checker: Checker) -> list[Violation]:
    """With interpolation, the score at each level boundary meets the line coming from the level before."""
    ind, scale = checker.indicator, checker.scale
    levels = ind.levels
    if ind.method != "levels" or not ind.interpolate or not levels or len(levels) < 2:
        return []
    n = len(levels)
    for k in range(1, n):
        at = levels[k]
        gap = abs(levels[k] - levels[k - 1])
        step = gap * 1e-7
        before = at - step if ind.direction == "higher" else at + step
        score_at = scoring.score_levels(at, levels, ind.direction, True, scale).score
        score_before = scoring.score_levels(before, levels, ind.direction, True, scale).score
        slope = (scale.worth(k + 1, n) - scale.worth(k, n)) / gap if gap else 0
        jump = abs(score_at - score_before)
        if jump > abs(slope) * step * 1.01 + 1e-9 or not near(score_at, scale.worth(k + 1, n)):
            return [Violation("levels-continuous", f"the score jumps at level {k + 1} ({show(at)}): "
                                                   f"{show(score_at)} at {show(at)}, {show(score_before)} just "
                                                   f"before it (level {k + 1} is worth "
                                                   f"{show(scale.worth(k + 1, n))})")]
    return []


def domain_violations(domain: IndicatorDomain) -> list[Violation]:
    if not domain.problems:
        return []
    return [Violation("domain-valid", "; ".join(domain.problems))]


def crash_violation(exc: BaseException) -> Violation:
    if isinstance(exc, KpiError):
        return Violation("no-crash", f"evaluation raised {type(exc).__name__} ({exc}) instead of reporting "
                                     "an indicator error")
    return Violation("no-crash", f"evaluation crashed: {type(exc).__name__}: {exc}")


def _at(key) -> str:
    return f" at '{key}'" if key else ""


def _summary(result) -> tuple:
    return (result.status, result.value, result.score, result.achieved,
            tuple((f.code, f.message) for f in result.faults))


def _copy(values):
    if isinstance(values, dict):
        return {k: _copy(v) for k, v in values.items()}
    if isinstance(values, list):
        return [_copy(v) for v in values]
    return values


def _comparable(value) -> bool:
    return usable(value, "date") or usable(value, "number")


def _number(value) -> float:
    return float(value.toordinal()) if isinstance(value, date) else float(value)


def _slack(value: float) -> float:
    return TOLERANCE * max(1.0, abs(value)) if math.isfinite(value) else 0.0


def unchecked_effects(indicator) -> bool:
    """Whether ``input-effect`` has nothing to check: a formula over inputs none of which declares `effect`
    (a formula that runs the wrong way then goes unnoticed)."""
    inputs = indicator.inputs
    return indicator.formula is not None and bool(inputs) and all(i.effect is None for i in inputs.values())
