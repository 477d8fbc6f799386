"""Shared by the Excel tests: the golden evidence of cases/, and an independent recalculation of workbooks."""

from __future__ import annotations

from pathlib import Path

from kpiengine import load_evidence, load_rules
from kpiengine.cases import case_inputs, load_cases

ROOT = Path(__file__).resolve().parent.parent
RULES = {"bma-csc-2563": ROOT / "rules" / "bma-csc-2563", "demo-2563": ROOT / "rules" / "demo-2563"}


def golden_evidence():
    """(name, rule set as the case scores it, Evidence) for every case and evidence file under cases/."""
    out = []
    for plan, rules_path in RULES.items():
        base = load_rules(rules_path)
        folder = ROOT / "cases" / plan
        for path in sorted(folder.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if "kind: evidence" in text:
                out.append((f"{plan}/{path.name}", base, load_evidence(path)))
        case_files = [p for p in sorted(folder.glob("*.yaml")) if "kind: case" in p.read_text(encoding="utf-8")]
        for case in load_cases(case_files) if case_files else []:
            rules, evidence = case_inputs(base, case)
            out.append((f"{plan}/{Path(case.file).name}:{case.spec.name}", rules, evidence))
    return out


def recalculate(path) -> dict:
    """Every cell of the workbook at `path` recalculated by the `formulas` package (not by Excel, not by us):
    (sheet name upper-cased, cell such as 'B5') → value (None for an empty result)."""
    import formulas

    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    out = {}
    for key, ranges in solution.items():
        if "!" not in key or ":" in key.split("!")[1]:
            continue
        sheet, cell = key.rsplit("!", 1)
        value = ranges.value[0][0]
        if isinstance(value, str) and value == "":
            value = None
        elif hasattr(value, "item"):
            value = value.item()
        if type(value).__name__ in ("XlError", "_XlEmpty") or str(value) == "empty":
            value = None
        out[(sheet.split("]")[-1].strip("'").upper(), cell)] = value
    return out
