"""JSON Schemas for editors (``kpi schema rules|evidence|case``), generated from the models.

The schemas accept every document the loader accepts (text fields may be
numbers, numbers may be text with Thai digits) and reject unknown keys, so an
editor with the YAML language server flags a misspelt key as you type. The
loader remains the judge: it checks what a schema cannot (references,
formulas, dates, bounds).
"""

from __future__ import annotations

import copy

from pydantic.json_schema import models_json_schema

from kpiengine.rules import models

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DATE = {"type": "string", "description": "a date: 2563-09-30, 30 ก.ย. 2563 or 30 กันยายน 2563 (BE or CE)"}
_NUMBER_TEXT = {"type": "string", "pattern": r"^\s*[+-]?[0-9๐-๙,.]+([eE][+-]?[0-9๐-๙]+)?-?%?\s*$"}
_NUMBER = {"anyOf": [{"type": "number"}, _NUMBER_TEXT]}


def _loosen(node):
    """A copy in which text may be written as a number (YAML reads ids like 2563 and names like 2562
    as numbers), booleans as yes/no, and whole numbers as text with Thai digits."""
    if isinstance(node, list):
        return [_loosen(value) for value in node]
    if not isinstance(node, dict):
        return node
    out = {key: _loosen(value) for key, value in node.items()}
    kind = out.get("type")
    if "enum" in out or "const" in out:
        return out
    if kind == "string":
        out["type"] = ["string", "number"]
    elif kind == "boolean":
        out.pop("type")
        out["anyOf"] = [{"type": "boolean"}, {"enum": ["true", "false", "yes", "no"]}]
    elif kind == "integer":
        out.pop("type")
        out["anyOf"] = [{"type": "integer"}, {"type": "string", "pattern": r"^\s*[0-9๐-๙]+\s*$"}]
    return out


def _definitions(model_list) -> dict:
    _, top = models_json_schema([(m, "validation") for m in model_list], ref_template="#/$defs/{model}")
    return top["$defs"]


def _list_of(ref: str, description: str, nullable: bool) -> dict:
    array = {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}
    return {"anyOf": [array, {"type": "null"}], "description": description} if nullable else \
        {**array, "description": description}


def rules_schema() -> dict:
    """A schema every rule document (plan, indicator, project, lists, weights) validates against."""
    defs = _definitions([models.PlanSpec, models.IndicatorSpec, models.ProjectSpec, models.IndicatorListSpec,
                         models.ProjectListSpec, models.WeightsSpec])
    defs["PlanSpec"]["properties"]["indicators"] = _list_of("IndicatorSpec", "indicators, for a plan in one document",
                                                            True)
    defs["PlanSpec"]["properties"]["projects"] = _list_of("ProjectSpec", "projects, for a plan in one document", True)
    defs["IndicatorListSpec"]["properties"]["indicators"] = _list_of("IndicatorSpec", "the indicators", False)
    defs["ProjectListSpec"]["properties"]["projects"] = _list_of("ProjectSpec", "the projects", False)
    defs["IndicatorSpec"]["properties"]["inputs"]["propertyNames"] = {"pattern": models.NAME_PATTERN}
    defs = _loosen(defs)
    kinds = {"plan": "PlanSpec", "indicator": "IndicatorSpec", "project": "ProjectSpec",
             "indicators": "IndicatorListSpec", "projects": "ProjectListSpec", "weights": "WeightsSpec"}
    return {
        "$schema": DRAFT,
        "$id": "https://kpiengine.dev/schema/rules.json",
        "title": "kpiengine rule document",
        "description": "One YAML document of a kpiengine rule set, chosen by its kind: plan, indicator, project, "
                       "indicators, projects or weights (SPEC §1). Every document of a multi-document file "
                       "validates on its own: map the files to this schema in the editor's settings "
                       "(kpi schema --editor), or put the yaml-language-server comment after every '---'.",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(kinds), "description": "what the document declares"}},
        # One if/then per kind: a document is judged by its own kind's model only, so a mistyped key is
        # reported as that key ("'budgt' was unexpected"), not as a mismatch with every other kind.
        "allOf": [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                   "then": {"$ref": f"#/$defs/{ref}"}} for kind, ref in kinds.items()],
        "$defs": defs,
    }


def editor_settings(schema_path: str = "./kpi-rules.schema.json", globs=("rules/**/*.yaml", "rules/**/*.yml")) -> dict:
    """Settings for the YAML language server (VS Code ``settings.json``, or any editor using it):
    every document of every file matching `globs` is validated against the schema at `schema_path`."""
    return {"yaml.schemas": {schema_path: list(globs)}}


def _input_schema(spec) -> dict:
    schema = {
        "count": {"anyOf": [{"type": "integer", "minimum": 0}, _NUMBER_TEXT]},
        "date": {"anyOf": [_DATE, {"type": "null"}]},
        "boolean": {"anyOf": [{"type": "boolean"}, {"enum": ["true", "false", "yes", "no"]}]},
    }.get(spec.type, copy.deepcopy(_NUMBER))
    if spec.description:
        schema["description"] = spec.description
    return schema


def _indicator_evidence(indicator, scale) -> dict:
    properties = {name: _input_schema(spec) for name, spec in indicator.inputs.items()}
    required = list(indicator.inputs)
    if indicator.unit == "milestone":
        steps = [s.step for s in indicator.steps or []]
        properties["completed"] = {"type": "array", "items": {"enum": steps}, "uniqueItems": True,
                                   "description": "completed step numbers"}
        properties["partial"] = {"type": "object", "description": "step number → fraction done (0–1)",
                                 "propertyNames": {"enum": [str(s) for s in steps]},
                                 "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1}}
        required.append("completed")
    if indicator.method == "external" and not indicator.inputs:
        properties["score"] = {"type": "number", "minimum": scale.low, "maximum": scale.high,
                               "description": "the score set by the outside office"}
        required.append("score")
    return {"description": indicator.name, "anyOf": [
        {"type": "object", "properties": properties, "required": required, "additionalProperties": False},
        {"type": "null"}]}


def _evidence_values(ruleset) -> dict:
    if ruleset is None:
        return {"type": "object", "description": "indicator id → input name → value",
                "additionalProperties": {"anyOf": [{"type": "object"}, {"type": "null"}]}}
    return {"type": "object", "description": "indicator id → input name → value", "additionalProperties": False,
            "properties": {ind.id: _indicator_evidence(ind, ruleset.scale) for ind in ruleset.indicators.values()}}


def _evidence_projects(ruleset) -> dict:
    steps = {"type": "object", "additionalProperties": False, "required": ["completed"],
             "properties": {"completed": {"type": "array", "items": {"type": "integer"}},
                            "partial": {"type": "object", "additionalProperties": {"type": "number"}}}}
    schema = {"type": "object", "description": "project id → steps done (for kpi progress)",
              "additionalProperties": steps}
    if ruleset is not None:
        schema["propertyNames"] = {"enum": [p.id for p in ruleset.projects.values() if p.spec.milestones]}
    return schema


def _evidence_body(ruleset) -> dict:
    return {
        "plan": {"const": ruleset.plan.id} if ruleset is not None else {"type": "string"},
        "unit": {"type": ["string", "number"], "description": "who is evaluated"},
        "as_of": _DATE,
        "values": _evidence_values(ruleset),
        "projects": _evidence_projects(ruleset),
        "notes": {"type": "string"},
    }


def evidence_schema(ruleset=None) -> dict:
    """The schema of an evidence file; with a rule set, of evidence for that plan (ids and inputs known)."""
    title = f"kpiengine evidence for plan {ruleset.plan.id}" if ruleset is not None else "kpiengine evidence"
    return {
        "$schema": DRAFT,
        "$id": "https://kpiengine.dev/schema/evidence.json",
        "title": title,
        "type": "object",
        "required": ["kind", "plan", "values"],
        "additionalProperties": False,
        "properties": {"kind": {"const": "evidence"}, **_evidence_body(ruleset)},
    }


def case_schema(ruleset=None) -> dict:
    """The schema of a golden case (SPEC §8)."""
    defs = _definitions([models.CaseSpec])
    body = _evidence_body(ruleset)
    defs["CaseSpec"]["properties"]["evidence"] = {"type": "object", "additionalProperties": False,
                                                  "required": ["values"], "properties": body}
    defs = _loosen(defs)
    return {"$schema": DRAFT, "$id": "https://kpiengine.dev/schema/case.json", "title": "kpiengine case",
            "$ref": "#/$defs/CaseSpec", "$defs": defs}


SCHEMAS = {"rules": rules_schema, "evidence": evidence_schema, "case": case_schema}
