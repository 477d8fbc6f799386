"""Properties of scoring, aggregation and loading (hypothesis)."""

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kpiengine import KpiError, RuleSetError, evaluate, inspect_rules, load_evidence, load_rules
from kpiengine.engine.scoring import Scale, score_levels

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def ladders(draw):
    """(levels, direction, scale) with levels strictly monotone in the direction and below ≤ a."""
    n = draw(st.integers(min_value=2, max_value=8))
    start = draw(st.floats(min_value=-1000, max_value=1000, allow_nan=False))
    gaps = draw(st.lists(st.floats(min_value=0.01, max_value=100, allow_nan=False), min_size=n - 1, max_size=n - 1))
    levels = [start]
    for gap in gaps:
        levels.append(levels[-1] + gap)
    direction = draw(st.sampled_from(["higher", "lower"]))
    if direction == "lower":
        levels.reverse()
    low = draw(st.floats(min_value=-10, max_value=10, allow_nan=False))
    high = low + draw(st.floats(min_value=0.5, max_value=100, allow_nan=False))
    below = low - draw(st.floats(min_value=0, max_value=10, allow_nan=False))
    return levels, direction, Scale(low, high, below)


@given(ladders(), finite, st.booleans())
def test_levels_score_stays_on_the_scale(ladder, value, interpolate):
    levels, direction, scale = ladder
    score = score_levels(value, levels, direction, interpolate, scale).score
    assert score == scale.below or scale.low - 1e-9 <= score <= scale.high + 1e-9


@given(ladders(), finite, finite, st.booleans())
def test_levels_score_is_monotone_in_the_direction(ladder, v1, v2, interpolate):
    levels, direction, scale = ladder
    worse, better = sorted([v1, v2]) if direction == "higher" else sorted([v1, v2], reverse=True)
    assert score_levels(worse, levels, direction, interpolate, scale).score <= \
        score_levels(better, levels, direction, interpolate, scale).score + 1e-9


@given(ladders(), st.data())
def test_levels_are_continuous_at_boundaries_when_interpolating(ladder, data):
    levels, direction, scale = ladder
    k = data.draw(st.integers(min_value=1, max_value=len(levels) - 1))  # an inner or the last boundary
    at = levels[k]
    step = (levels[k] - levels[k - 1]) * 1e-7  # a tiny step back towards the previous level
    just_before = at - step
    score_at = score_levels(at, levels, direction, True, scale).score
    score_before = score_levels(just_before, levels, direction, True, scale).score
    slope = (scale.high - scale.low) / (len(levels) - 1) / abs(levels[k] - levels[k - 1])
    assert abs(score_at - score_before) <= slope * abs(step) * 1.01 + 1e-9


@given(ladders(), finite)
def test_no_interpolation_never_scores_above_interpolation(ladder, value):
    levels, direction, scale = ladder
    assert score_levels(value, levels, direction, False, scale).score <= \
        score_levels(value, levels, direction, True, scale).score + 1e-12


# --- whole rule sets --------------------------------------------------------------------------------


@st.composite
def rule_sets(draw):
    """A valid rule set (as YAML documents) and matching evidence values."""
    dimensions = [{"id": f"d{i}", "number": i + 1, "name": f"มิติ {i + 1}",
                   "weight": draw(st.integers(min_value=0, max_value=100))} for i in range(draw(st.integers(1, 4)))]
    plan = {"kind": "plan", "id": "p-2563", "title": "แผน", "fiscal_year": 2563,
            "on_missing": draw(st.sampled_from(["zero", "exclude", "error"])), "dimensions": dimensions}
    docs, values = [], {}
    for i in range(draw(st.integers(min_value=1, max_value=8))):
        method = draw(st.sampled_from(["levels", "ratio", "pass_fail"]))
        doc = {"kind": "indicator", "id": f"i{i}", "name": f"ตัวชี้วัด {i}",
               "dimension": draw(st.sampled_from(dimensions))["id"],
               "weight": draw(st.integers(min_value=0, max_value=100)), "unit": "percent",
               "inputs": {"done": {"type": "count", "max": "total"}, "total": {"type": "count", "min": 1}},
               "formula": "done * 100 / total", "target": f">= {draw(st.integers(10, 100))}",
               "scoring": {"method": method}}
        if method == "levels":
            doc["scoring"]["levels"] = [20, 40, 60, 80, 100]
            doc["scoring"]["interpolate"] = draw(st.booleans())
        docs.append(doc)
        total = draw(st.integers(min_value=1, max_value=500))
        if draw(st.integers(0, 9)) > 0:  # now and then an indicator without evidence
            values[doc["id"]] = {"done": draw(st.integers(min_value=0, max_value=total)), "total": total}
    return plan, docs, values


def _write(directory: Path, plan, docs, values, order=None):
    docs = docs if order is None else [docs[i] for i in order]
    text = "\n---\n".join(yaml.safe_dump(d, allow_unicode=True, sort_keys=False) for d in [plan] + docs)
    (directory / "rules.yaml").write_text(text, encoding="utf-8")
    evidence = {"kind": "evidence", "plan": plan["id"], "values": values}
    (directory / "evidence.yaml").write_text(yaml.safe_dump(evidence, allow_unicode=True), encoding="utf-8")
    return evaluate(load_rules(directory / "rules.yaml"), load_evidence(directory / "evidence.yaml"))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(rule_sets(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_document_order(rule_set, rnd):
    plan, docs, values = rule_set
    with tempfile.TemporaryDirectory() as tmp:
        first = _write(Path(tmp), plan, docs, values)
        order = list(range(len(docs)))
        rnd.shuffle(order)
        second = _write(Path(tmp), plan, docs, values, order)
    assert first.overall == second.overall
    assert [(d.id, d.score) for d in first.dimensions] == [(d.id, d.score) for d in second.dimensions]
    assert sorted((r.id, r.score, r.status) for r in first.indicators) == \
        sorted((r.id, r.score, r.status) for r in second.indicators)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(rule_sets())
def test_a_dimension_score_lies_between_its_indicators_scores(rule_set):
    plan, docs, values = rule_set
    with tempfile.TemporaryDirectory() as tmp:
        result = _write(Path(tmp), plan, docs, values)
    for d in result.dimensions:
        scores = [r.score for r in result.indicators if r.dimension == d.id and r.counted]
        if d.score is None:
            assert not scores
        else:
            assert min(scores) - 1e-9 <= d.score <= max(scores) + 1e-9
    scored = [d.score for d in result.dimensions if d.score is not None and d.weight > 0]
    if result.overall is not None:
        assert min(scored) - 1e-9 <= result.overall <= max(scored) + 1e-9


# --- the loader raises only our own error type --------------------------------------------------------

KEYS = ["kind", "id", "name", "dimension", "weight", "unit", "inputs", "formula", "target", "scoring", "levels",
        "method", "milestones", "step", "project", "plan", "fiscal_year", "dimensions", "declared", "type", "max",
        "min", "by", "op", "value", "indicators", "projects", "scale", "on_missing", "title", "budget"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.sampled_from(["plan", "indicator", "project", "indicators", "percent", "milestone", "date",
                                     ">= 60", "2563-09-30", "x * 100 / y", "levels", "effectiveness"]))
yaml_values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=5),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8), st.integers()), children, max_size=6)),
    max_leaves=40)


def _load_only_raises_ours(path: Path):
    ruleset = inspect_rules(path)  # never raises
    assert isinstance(ruleset.problems, list)
    try:
        load_rules(path)
    except RuleSetError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(yaml_values, min_size=1, max_size=4))
def test_loader_on_arbitrary_yaml_raises_only_its_own_error(documents):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        try:
            text = yaml.safe_dump_all(documents, allow_unicode=True)
        except yaml.YAMLError:
            assume(False)
        path.write_text(text, encoding="utf-8")
        _load_only_raises_ours(path)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.binary().map(lambda b: b.decode("latin-1"))))
def test_loader_on_arbitrary_text_raises_only_its_own_error(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _load_only_raises_ours(path)


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_loader_on_arbitrary_bytes_raises_only_its_own_error(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_bytes(data)
        _load_only_raises_ours(path)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_evidence_loader_raises_only_its_own_error(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "e.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_evidence(path)
        except KpiError:
            pass
