"""Writing reports: whole or not at all, and never over a file the user gave us."""

from __future__ import annotations

import os
import tempfile

from kpiengine.core.errors import KpiError


def write_atomic(path: str, text: str | bytes, protected=()) -> None:
    """Write `text` (or the bytes of a binary format) to `path` through a temporary file and a rename.

    Refuses to replace any file in `protected` (the inputs of the run).
    """
    target = os.path.realpath(path)
    for item in protected:
        if item and os.path.exists(item) and _covers(os.path.realpath(item), target):
            raise KpiError(f"refusing to write '{path}': it is one of the input files")
    if os.path.isdir(target):
        raise KpiError(f"cannot write '{path}': it is a directory")
    directory = os.path.dirname(target) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kpi-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise KpiError(f"cannot write '{path}' ({exc.strerror or exc})") from None
    try:
        binary = isinstance(text, bytes)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise KpiError(f"cannot write '{path}' ({exc.strerror or exc})") from None


def _covers(protected: str, target: str) -> bool:
    if protected == target:
        return True
    return os.path.isdir(protected) and target.startswith(protected.rstrip(os.sep) + os.sep)
