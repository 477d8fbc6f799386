"""Excel workbooks written with XlsxWriter: reports with live formulas, and evidence templates.

XlsxWriter (not openpyxl) writes them because it stores each formula's
computed value beside the formula: a workbook opened in a viewer that does
not recalculate (or read by a script) still shows the engine's numbers.
openpyxl reads filled workbooks (`kpiengine.sources.xlsx`).
"""
