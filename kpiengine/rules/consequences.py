"""The first error is the real one: ids of documents that were written but failed to load.

A project document with a fault is reported where the fault stands; an
indicator naming that project must not then add ``unknown project`` (RF02)
as if the project were missing, nor a project listing a failed indicator add
``unknown indicator`` (RF03). `unloaded_ids` gives, per kind, the ids written
in documents (and in the items of ``indicators:`` / ``projects:`` lists) that
did not validate; the builder does not report references to them.
"""

from __future__ import annotations

_LISTS = {"plan": ("indicators", "projects"), "indicators": ("indicators",), "projects": ("projects",)}
_ITEM_KIND = {"indicators": "indicator", "projects": "project"}


def _written(documents):
    """(kind, id) of every indicator, project and weights written, valid or not."""
    for document in documents:
        data = document.data
        if not isinstance(data, dict):
            continue
        kind = data.get("kind")
        if not isinstance(kind, str):
            continue  # SC08 reports it
        if kind in ("indicator", "project", "weights"):
            yield kind, data.get("id")
        for key in _LISTS.get(kind, ()):
            items = data.get(key)
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, dict):
                        yield _ITEM_KIND[key], item.get("id")


def unloaded_ids(specs) -> dict[str, set]:
    """kind → ids written in the rule set's documents whose spec failed validation."""
    loaded = {"indicator": {spec.id for spec, _ in specs.indicators},
              "project": {spec.id for spec, _ in specs.projects},
              "weights": {spec.id for spec, _ in specs.weights}}
    unloaded: dict[str, set] = {kind: set() for kind in loaded}
    for kind, ident in _written(specs.documents):
        if isinstance(ident, str) and ident not in loaded[kind]:
            unloaded[kind].add(ident)
    return unloaded
