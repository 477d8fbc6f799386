"""The codes the evidence stage raises (EV00–EV10): declared here, once.

Evidence is read and checked by `kpiengine.evidence`; each fault is a
`Problem` made with one of these codes. ``kpi checks`` lists them with the
lint catalog; their documentation is the text below each.
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

EV00 = Code(
    "EV00", "evidence.unreadable", Severity.ERROR,
    "evidence file cannot be read as one evidence document",
    """An evidence file that cannot be read as one ``kind: evidence`` document:
empty, not YAML, not a mapping, another kind, several documents, an
unknown top-level key, ``values`` that is not a mapping, a bad ``as_of``.
``kpi score`` exits 2 on it.

Failing::

    kind: evidence
    plan: demo-2563
    values: [satisfaction]

Passing::

    kind: evidence
    plan: demo-2563
    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV01 = Code(
    "EV01", "evidence.unknown-indicator", Severity.ERROR,
    "evidence for an indicator the rule set lacks",
    """Evidence for an indicator id the rule set does not have, with a did-you-mean.

Failing::

    values:
      satisfacton: {satisfied: 33, respondents: 50}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV02 = Code(
    "EV02", "evidence.unknown-input", Severity.ERROR,
    "an input the indicator does not declare",
    """An input the indicator does not declare, with a did-you-mean.

Failing::

    values:
      satisfaction: {satisfied: 33, respondnts: 50}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV03 = Code(
    "EV03", "evidence.wrong-type", Severity.ERROR,
    "a value of the wrong type",
    """A value of the wrong type: text for a number, a fraction for a count, a
month without a day for a delivery date.

Failing::

    values:
      satisfaction: {satisfied: many, respondents: 50}

Passing::

    values:
      satisfaction: {satisfied: "๓๓", respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV04 = Code(
    "EV04", "evidence.out-of-bounds", Severity.ERROR,
    "a value outside its declared bounds",
    """A value outside its ``min`` / ``max`` (numbers, or another input such as
``satisfied ≤ respondents``), an external score outside the scale, a partial
fraction outside 0–1.

Failing::

    values:
      satisfaction: {satisfied: 60, respondents: 50}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV05 = Code(
    "EV05", "evidence.missing-input", Severity.ERROR,
    "a declared input missing",
    """A declared input the evidence does not give (or no evidence at all under
``on_missing: error``).

Failing::

    values:
      satisfaction: {satisfied: 33}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV06 = Code(
    "EV06", "evidence.other-plan", Severity.ERROR,
    "evidence for another plan",
    """Evidence naming another plan id than the rule set's, or none. ``kpi score``
refuses it (exit 2).

Failing::

    kind: evidence
    plan: demo-2562

Passing::

    kind: evidence
    plan: demo-2563

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV07 = Code(
    "EV07", "evidence.milestone-steps", Severity.ERROR,
    "an unknown step, or a step both completed and partial",
    """Milestone evidence naming a step the table does not have, or a step both
completed and partial.

Failing::

    values:
      review-steps: {completed: [1, 2], partial: {2: 0.5}}

Passing::

    values:
      review-steps: {completed: [1, 2], partial: {3: 0.5}}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV08 = Code(
    "EV08", "evidence.entry-shape", Severity.ERROR,
    "an indicator's evidence that is not a mapping",
    """The evidence of an indicator must be a mapping of input name → value.

Failing::

    values:
      satisfaction: 66

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV09 = Code(
    "EV09", "evidence.evaluation", Severity.ERROR,
    "the formula fails on this evidence",
    """The formula cannot be evaluated on this evidence: a division by zero, a
result too large or not real, an external score outside the scale. The
message names the inputs. (``kpi fuzz`` finds such evidence before an
evaluator does.)

Failing::

    # formula: x * 100 / (total - x)
    values:
      share: {x: 3, total: 3}

Passing::

    values:
      share: {x: 2, total: 3}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)

EV10 = Code(
    "EV10", "evidence.unknown-project", Severity.ERROR,
    "progress for a project without a milestone table",
    """The ``projects:`` part of an evidence file (steps done, for ``kpi progress``)
names a project the rule set lacks, or one without a milestone table.

Failing::

    projects:
      competency-reveiw: {completed: [1]}

Passing::

    projects:
      competency-review: {completed: [1]}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
""",
    stage="evidence",
)
