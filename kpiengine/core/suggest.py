"""Did-you-mean suggestions for unknown names, keys and ids."""

from __future__ import annotations

from kpiengine.core.messages import say


def closest(word: str, candidates) -> str | None:
    """The candidate closest to `word`, if one is close enough."""
    candidates = [c for c in candidates if isinstance(c, str)]
    if not isinstance(word, str) or not candidates or len(word) > 200:
        return None  # a very long word is close to nothing, and comparing it is slow
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    import difflib  # only when a name is unknown

    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, candidates) -> str:
    """`` (did you mean 'x'?)`` (a `Message`, so reports may translate it) or an empty string."""
    match = closest(word, candidates)
    return say(" (did you mean '{match}'?)", match=match) if match else ""
