"""FM: formulas (the codes the formula compiler raises itself are in `kpiengine.rules.codes`)."""
