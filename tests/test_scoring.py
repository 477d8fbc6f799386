"""Scoring methods (SPEC §5), each with numbers worked out by hand in the comments."""

import pytest

from kpiengine.engine.scoring import (
    Scale,
    score_deadline,
    score_levels,
    score_pass_fail,
    score_ratio,
    score_steps,
)
from kpiengine.rules.scale import shorthand_levels
from kpiengine.rules.targets import Target, compare

S = Scale(1, 5, 0)  # the default scale [1, 5], below_first_level 0
LEVELS = [60, 70, 80, 90, 100]


@pytest.mark.parametrize("value, expected", [
    # SPEC §5: levels 60/70/80/90/100 → 83 → 3.3; 100 → 5; 120 → 5; 60 → 1; 59 → 0.
    (83, 3.3),  # 80 is level 3 (worth 3), 90 level 4: 3 + (4 − 3)·(83 − 80)/(90 − 80) = 3.3
    (100, 5), (120, 5),  # at or beyond v5 → b
    (60, 1),  # exactly v1 → worth(1) = a
    (59, 0),  # worse than v1 → below_first_level
    (65, 1.5),  # 1 + (2 − 1)·5/10
    (99.9, 4.99),  # 4 + 9.9/10
])
def test_levels_spec_examples(value, expected):
    assert score_levels(value, LEVELS, "higher", True, S).score == pytest.approx(expected)


def test_levels_without_interpolation_take_the_best_level_reached():
    # 83 reaches level 3 (80) → worth 3; 99.9 reaches level 4 → 4; 59 none → 0
    assert [score_levels(v, LEVELS, "higher", False, S).score for v in (83, 99.9, 59, 100)] == [3, 4, 0, 5]


def test_levels_lower_is_better():
    # direction lower, levels 10 8 6 4 2 (days of delay): 5 → between 6 (3) and 4 (4): 3 + (5 − 6)/(4 − 6) = 3.5
    levels = [10, 8, 6, 4, 2]
    assert score_levels(5, levels, "lower", True, S).score == pytest.approx(3.5)
    assert score_levels(1, levels, "lower", True, S).score == 5  # better than v5
    assert score_levels(11, levels, "lower", True, S).score == 0  # worse than v1


def test_levels_any_count_and_scale():
    # 3 levels on [0, 100]: worths 0, 50, 100. 15 between 10 (0) and 20 (50): 0 + 50·5/10 = 25
    scale = Scale(0, 100, -1)
    assert score_levels(15, [10, 20, 30], "higher", True, scale).score == pytest.approx(25)
    assert score_levels(5, [10, 20, 30], "higher", True, scale).score == -1
    # 2 levels on [1, 5]: worths 1, 5. 75 between 50 and 100: 1 + 4·25/50 = 3
    assert score_levels(75, [50, 100], "higher", True, S).score == pytest.approx(3)


def test_float_noise_does_not_drop_a_level():
    # 29 / 100 * 100 = 28.999999999999996 in floats: it reaches the level 29 all the same
    assert score_levels(29 / 100 * 100, [29, 39, 49], "higher", False, S).score == 1


def test_shorthand_levels():
    # SPEC: target_level 3, step 5, target 80 (higher) → 70 75 80 85 90
    assert shorthand_levels(80, 3, 5, 5, "higher") == [70, 75, 80, 85, 90]
    # lower: level k = target − (k − target_level)·step → 90 85 80 75 70
    assert shorthand_levels(80, 3, 5, 5, "lower") == [90, 85, 80, 75, 70]
    assert shorthand_levels(100, 5, 10, 5, "higher") == [60, 70, 80, 90, 100]


@pytest.mark.parametrize("value, target, direction, expected", [
    (40, 80, "higher", 2.5),  # 5 · min(40/80, 1) = 2.5
    (100, 80, "higher", 5),  # capped at 1
    (-10, 80, "higher", 0),  # never below 0
    (10, 5, "lower", 2.5),  # 5 · min(5/10, 1)
    (4, 5, "lower", 5),  # capped
    (0, 5, "lower", 5),  # SPEC: value 0 then gives b
])
def test_ratio(value, target, direction, expected):
    assert score_ratio(value, target, direction, S).score == pytest.approx(expected)


def test_pass_fail():
    assert score_pass_fail(True, S, None).score == 5
    assert score_pass_fail(False, S, None).score == 0  # below_first_level by default
    assert score_pass_fail(False, S, 1).score == 1  # fail_score


@pytest.mark.parametrize("days_late, step_days, expected", [
    (-3, 30, 5), (0, 30, 5),  # on or before the due date → worth(5)
    (1, 30, 4), (30, 30, 4),  # 1…30 → worth(4)
    (31, 30, 3), (60, 30, 3), (61, 30, 2), (90, 30, 2), (91, 30, 1), (120, 30, 1),
    (121, 30, 0),  # more than 4·30 late → below_first_level
    (None, 30, 0),  # not delivered
    (20, 15, 3),  # SPEC appendix A: 20 days late with step 15 → 16–30 → level 3
])
def test_deadline_ladder(days_late, step_days, expected):
    assert score_deadline(days_late, step_days, S).score == expected


def test_deadline_ladder_on_another_scale():
    # scale [0, 10]: five levels worth 0, 2.5, 5, 7.5, 10; 1 day late → 7.5
    assert score_deadline(1, 30, Scale(0, 10, 0)).score == 7.5


@pytest.mark.parametrize("done, n, expected", [
    (0, 4, 0),  # step 1 not done → below_first_level
    (1, 4, 1), (4, 4, 5),
    (2, 4, 1 + 4 / 3),  # worth(2) on a 4-step ladder: 1 + (2 − 1)·4/3 = 2.333…
    (2, 5, 2),  # on 5 steps worth(k) = k
])
def test_steps(done, n, expected):
    assert score_steps(done, n, S).score == pytest.approx(expected)


@pytest.mark.parametrize("value, op, bound, expected", [
    (60, ">=", 60, True), (59.99, ">=", 60, False), (28.999999999999996, ">=", 29, True),
    (60, ">", 60, False), (5, "<=", 5, True), (5, "<", 5, False), (1, "==", 1, True), (1, "!=", 1, False),
])
def test_target_comparisons(value, op, bound, expected):
    assert compare(value, op, bound) is expected


def test_target_of_a_deadline():
    from datetime import date

    target = Target(by=date(2020, 9, 30))
    assert target.test(date(2020, 9, 30)) and not target.test(date(2020, 10, 1)) and not target.test(None)
    assert target.to_json() == {"by": "2020-09-30"}
