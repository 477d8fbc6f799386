"""``kpi fuzz``: search each indicator's evidence domain for evidence that breaks a property.

Per indicator, three phases:

1. the static checks (``domain-valid``, ``levels-continuous``);
2. a deterministic boundary phase: combinations of each input's bounds, 0, 1,
   another input's value (``x == total``), the deadline and its level edges,
   the milestone runs — so boundary faults are found on every seed — and
   the same evidence with one input moved to where a divisor is zero or a
   base under a fractional power turns negative (`testing.roots`);
3. a random phase: hypothesis draws up to ``max_examples`` valid and
   ``max_examples // 4`` invalid pieces of evidence (``derandomize`` unless a
   seed is given: the same examples on every run).

The first evidence breaking each property is shrunk (`testing.shrink`) and
becomes a `Finding`: one per (indicator, property).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpiengine.core.errors import KpiError
from kpiengine.evidence.codes import EV09
from kpiengine.testing import properties
from kpiengine.testing.boundary import boundary_examples
from kpiengine.testing.domains import IndicatorDomain, domain_of
from kpiengine.testing.properties import Checker, Sample, Violation
from kpiengine.testing.roots import aimed_examples
from kpiengine.testing.shrink import shrink

DEFAULT_MAX_EXAMPLES = 100


@dataclass
class Finding:
    """A property broken by an indicator, with the smallest evidence found that breaks it."""

    indicator: str
    file: str
    line: int | None
    property: str
    message: str
    evidence: object = None  # input name → value, for this indicator; None for static findings
    other: object = None  # the second evidence, for properties comparing two
    examples: int = 0  # examples tried on the indicator when it was found
    note: str = ""  # what `evidence` gives (e.g. "value 6 scores 0"), for properties comparing two
    other_note: str = ""
    among: bool = False  # found by comparing all the examples, after the search


@dataclass
class IndicatorRun:
    id: str
    file: str
    line: int | None
    examples: int = 0
    findings: list = field(default_factory=list)


@dataclass
class FuzzReport:
    plan: str
    rules: str
    max_examples: int
    seed: int | None
    runs: list = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for run in self.runs for f in run.findings]

    @property
    def examples(self) -> int:
        return sum(run.examples for run in self.runs)


def fuzz(ruleset, indicators=None, max_examples: int = DEFAULT_MAX_EXAMPLES, seed: int | None = None,
         progress=None) -> FuzzReport:
    """Run every property on every indicator of a valid `ruleset` (or those with ids in `indicators`).

    `progress(done, total, indicator_id)` is called before each indicator (for a progress line).

    Runs on hypothesis (a dependency, imported here only); without it, raises `KpiError` saying so."""
    try:
        import hypothesis  # noqa: F401 — only to say plainly that it is missing
    except ImportError:
        raise KpiError("kpi fuzz needs hypothesis, a dependency of kpiengine: pip install 'hypothesis>=6.90'") from None
    report = FuzzReport(ruleset.plan.id, ruleset.path, max_examples, seed)
    chosen = [i for i in ruleset.indicators.values() if not indicators or i.id in indicators]
    for done, indicator in enumerate(chosen):
        if progress is not None:
            progress(done, len(chosen), indicator.id)
        report.runs.append(fuzz_indicator(ruleset, indicator, max_examples, seed))
    return report


class _Search:
    """The state of one indicator's search: the first evidence breaking each property."""

    def __init__(self, ruleset, indicator, domain: IndicatorDomain):
        self.checker = Checker(ruleset, indicator, domain)
        self.domain = domain
        self.examples = 0
        self.first: dict[str, tuple] = {}  # property → (evidence, violation, example number, kind)
        self.sample: list[Sample] = []

    def note(self, violation: Violation, values, kind: str) -> None:
        """Keep the first evidence breaking each property (evidence beats none, for a static crash)."""
        known = self.first.get(violation.property)
        if known is None or (known[0] is None and values is not None):
            self.first[violation.property] = (values, violation, self.examples, kind)

    def valid(self, values) -> None:
        self.examples += 1
        found, outcome = self.checker.check(values)
        for violation in found:
            self.note(violation, values, "valid")
        result = outcome.result
        if result is not None and result.status == "scored":
            key = self.checker.order_key(result)
            self.sample.append(Sample(key, result.score, values, result.value, result.delivered))

    def invalid(self, bad) -> None:
        self.examples += 1
        found, _ = self.checker.check_invalid(bad)
        for violation in found:
            self.note(violation, bad.values, "invalid")


def fuzz_indicator(ruleset, indicator, max_examples: int = DEFAULT_MAX_EXAMPLES,
                   seed: int | None = None) -> IndicatorRun:
    from kpiengine.testing.strategies import invalid_evidence, valid_evidence  # hypothesis, imported when used

    where = indicator.where("id")
    run = IndicatorRun(indicator.id, where.file, where.line)
    domain = domain_of(indicator, ruleset.scale, ruleset.plan.fiscal_year)
    search = _Search(ruleset, indicator, domain)
    try:
        static = properties.domain_violations(domain) + properties.continuity_violations(search.checker)
    except Exception as exc:  # noqa: BLE001 — scoring itself crashed on a level value
        static = [properties.crash_violation(exc)]
    for violation in static:
        search.note(violation, None, "static")
    try:
        if not domain.empty:
            limit = max(64, 2 * max_examples)
            edges = boundary_examples(domain, limit)
            for values in edges:
                search.valid(values)
            for values in aimed_examples(domain, indicator, edges, limit):
                if search.checker.accepts(values):
                    search.valid(values)
            _explore(valid_evidence(domain), search.valid, max_examples, seed)
        _explore(invalid_evidence(domain), search.invalid, max(10, max_examples // 4), seed)
    except Exception as exc:  # noqa: BLE001 — our own evidence generator failed: say so, never hide it
        search.note(Violation("no-crash", f"the evidence generator failed: {type(exc).__name__}: {exc}"),
                    None, "static")
    pair = properties.monotone_violation(search.checker, search.sample)
    if pair is not None:
        better, _, violation = pair
        search.note(violation, better.values, "pair")
    run.examples = search.examples
    for name in properties.PROPERTIES:
        if name in search.first:
            run.findings.append(_finding(search, run, name))
    return run


def _finding(search: _Search, run: IndicatorRun, name: str) -> Finding:
    values, violation, at, kind = search.first[name]
    if kind == "valid":
        def fails(trial):
            if name not in ("no-crash", "evidence-accepted") and not search.checker.accepts(trial, (EV09.code,)):
                return False  # shrinking stays within the declared domains
            found, _ = search.checker.check(trial, only=None if name == "no-crash" else name)
            return any(v.property == name for v in found)

        values = shrink(search.domain, values, fails)
        again, _ = search.checker.check(values, only=None if name == "no-crash" else name)
        violation = next((v for v in again if v.property == name), violation)
    return Finding(run.id, run.file, run.line, name, violation.message, values, violation.other, at,
                   violation.note, violation.other_note, kind == "pair")


def _explore(strategy, visit, max_examples: int, seed: int | None) -> None:
    """Draw up to `max_examples` from `strategy` and pass each to `visit` (which never raises)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seed_hypothesis
    from hypothesis.errors import Unsatisfiable

    @settings(max_examples=max_examples, database=None, deadline=None, derandomize=seed is None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(strategy)
    def explore(values):
        visit(values)

    if seed is not None:
        explore = seed_hypothesis(seed)(explore)
    try:
        explore()
    except Unsatisfiable:
        pass  # every draw was rejected: the boundary phase and `domain-valid` say why
