"""The codes the rules stage raises itself while loading and building a rule set: declared here, once.

`kpiengine.rules.loader` (documents, kinds, keys), `kpiengine.rules.ruleset`
(plan count, duplicate ids, references) and `kpiengine.rules.formula` (the
formula language) make their problems with these codes. The lint checks in
`kpiengine.lint.checks` declare their own; ``kpi checks`` lists them all.
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

SC03 = Code(
    "SC03", "schema.unknown-key", Severity.ERROR,
    "unknown key",
    """A key the rule language does not know, with a did-you-mean.

Failing::

    kind: indicator
    id: satisfaction
    wieght: 60

Passing::

    kind: indicator
    id: satisfaction
    weight: 60
""",
    stage="rules",
)

SC05 = Code(
    "SC05", "schema.missing-key", Severity.ERROR,
    "missing required key",
    """A required key is missing. Required: plan ``kind id title fiscal_year
dimensions``; dimension ``id name weight``; indicator ``id name dimension
weight unit``; project ``id name``; milestone step ``step title weight``.

Failing::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
    unit: percent

Passing::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
    dimension: effectiveness
    weight: 60
    unit: percent
""",
    stage="rules",
)

SC06 = Code(
    "SC06", "schema.duplicate-id", Severity.ERROR,
    "duplicate id",
    """Two indicators, projects or dimensions with the same id. Ids are unique
within a rule set; an indicator that appears in several tables of a printed
plan is encoded once and linked (``links``), not repeated.

Failing::

    kind: indicators
    indicators:
      - {id: satisfaction, name: ก, dimension: effectiveness, weight: 50, unit: percent}
      - {id: satisfaction, name: ข, dimension: effectiveness, weight: 50, unit: percent}

Passing::

    kind: indicators
    indicators:
      - {id: satisfaction, name: ก, dimension: effectiveness, weight: 50, unit: percent}
      - {id: satisfaction-2, name: ข, dimension: effectiveness, weight: 50, unit: percent}
""",
    stage="rules",
)

SC07 = Code(
    "SC07", "schema.plan-count", Severity.ERROR,
    "no plan, or more than one",
    """A rule set has exactly one ``kind: plan`` document: none, or two, is an error.

Failing (a rule set of indicators only)::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
    dimension: effectiveness
    weight: 100
    unit: percent

Passing::

    kind: plan
    id: demo-2563
    title: ตัวอย่างแผน
    fiscal_year: 2563
    dimensions:
      - {id: effectiveness, name: ประสิทธิผล, weight: 100}
""",
    stage="rules",
)

SC08 = Code(
    "SC08", "schema.document-kind", Severity.ERROR,
    "document is not a mapping or has no known kind",
    """A document that is not a mapping, has no ``kind``, or an unknown kind.
Kinds: ``plan``, ``indicator``, ``project``, ``indicators``, ``projects``.

Failing::

    kind: indicater
    id: satisfaction

Passing::

    kind: indicator
    id: satisfaction
""",
    stage="rules",
)

SC10 = Code(
    "SC10", "schema.empty-file", Severity.WARNING,
    "empty rule file",
    """A rule file with no YAML documents at all.

Failing: an empty ``rules/extra.yaml``.

Passing: remove the file, or give it a document::

    kind: projects
    projects: []
""",
    stage="rules",
)

RF01 = Code(
    "RF01", "references.unknown-dimension", Severity.ERROR,
    "indicator in no dimension of the plan",
    """An indicator whose ``dimension`` is not one of the plan's dimensions: it
would be in no dimension, and count nowhere.

Failing::

    kind: indicator
    id: satisfaction
    dimension: efectiveness   # the plan has 'effectiveness'

Passing::

    kind: indicator
    id: satisfaction
    dimension: effectiveness
""",
    stage="rules",
)

RF02 = Code(
    "RF02", "references.unknown-project", Severity.ERROR,
    "unknown project",
    """An indicator's ``project`` that no project document declares.

Failing::

    kind: indicator
    id: review-steps
    unit: milestone
    project: competency-reveiw

Passing::

    kind: indicator
    id: review-steps
    unit: milestone
    project: competency-review
""",
    stage="rules",
)

RF03 = Code(
    "RF03", "references.unknown-indicator", Severity.ERROR,
    "unknown indicator",
    """A project's ``indicators`` naming an indicator the rule set lacks.

Failing::

    kind: project
    id: competency-review
    name: โครงการศึกษาทบทวนสมรรถนะ
    indicators: [review-step]

Passing::

    kind: project
    id: competency-review
    name: โครงการศึกษาทบทวนสมรรถนะ
    indicators: [review-steps]
""",
    stage="rules",
)

FM01 = Code(
    "FM01", "formula.syntax", Severity.ERROR,
    "formula syntax error",
    """A formula that is not a valid expression. The column points into the file.

Failing::

    formula: satisfied * 100 / (respondents

Passing::

    formula: satisfied * 100 / respondents
""",
    stage="rules",
)

FM02 = Code(
    "FM02", "formula.disallowed", Severity.ERROR,
    "construct not allowed in a formula",
    """A construct outside the formula language (SPEC §3): assignment, several
expressions, attributes, subscripts, comprehensions, lambdas, strings, calls
other than ``min max abs round``, or a formula over 2,000 characters.

Failing::

    formula: satisfied.__class__ if sum([1]) else 0

Passing::

    formula: min(satisfied * 100 / respondents, 100)
""",
    stage="rules",
)

FM03 = Code(
    "FM03", "formula.unknown-name", Severity.ERROR,
    "unknown name in a formula",
    """A name in a formula that is not one of the indicator's inputs (nor
``progress`` for milestone indicators, ``days_late`` for deadline
indicators), with a did-you-mean.

Failing::

    inputs:
      satisfied: {type: count}
      respondents: {type: count, min: 1}
    formula: satisfied * 100 / respondnts

Passing::

    formula: satisfied * 100 / respondents
""",
    stage="rules",
)

FM06 = Code(
    "FM06", "formula.unit-mismatch", Severity.ERROR,
    "formula cannot give the indicator's unit",
    """A formula whose value cannot have the indicator's unit, as far as static
reasoning can tell: a date input used in arithmetic (use ``days_late``), or a
value that cannot be scored the way the indicator says.

Failing::

    unit: count
    inputs:
      delivered: {type: date}
      reports: {type: count}
    formula: delivered + reports

Passing::

    unit: date
    inputs:
      delivered: {type: date}
    formula: days_late
    direction: lower
""",
    stage="rules",
)
