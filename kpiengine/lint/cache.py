"""Loaded rule sets kept between runs: `kpi score` does not read and check unchanged YAML again.

`load_rules` asks `recall` first. An entry holds a valid rule set exactly as
`inspect_rules` built it (its problems, warnings included) together with the
bytes of every file it was read from. It is used only when

- the rule set is asked for by the same path (as given, from the same working
  directory, since file names in messages are written as given),
- that path lists the same rule files, each with the same bytes (compared in
  full, not by date or hash),
- and the same kpiengine (version, and the size and date of every source file
  of the stages that build a rule set), pydantic and Python read it.

Anything else is a miss: the rule set is read afresh and the entry replaced.
A rule set with an error is never kept.

Where: ``$KPI_CACHE_DIR``, else ``$XDG_CACHE_HOME/kpiengine``, else
``~/.cache/kpiengine``; ``KPI_CACHE_DIR=off`` turns the cache off. Entries are
pickles, so they are read only from a folder and files owned by the user
and not writable by others. An entry is written whole (a temporary file
renamed into place) or not at all; a cache that cannot be read or written is
silently left alone — it only saves time, it never changes a result.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib

from kpiengine import __version__
from kpiengine.core.collector import collector_paused
from kpiengine.rules.loader import rule_files

FORMAT = 1
MAX_ENTRIES = 64
OFF = ("off", "0", "no", "false")
_STAGES = ("core", "sources", "rules", "lint")  # the packages whose code builds a RuleSet
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def folder() -> str | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("KPI_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in OFF or not chosen.strip() else chosen
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None  # no home folder: no cache, rather than one in the working directory
        base = os.path.join(home, ".cache")
    return os.path.join(base, "kpiengine") if os.path.isabs(base) else None


def recall(path):
    """The rule set kept for `path`, or None (no entry, or anything changed)."""
    where = folder()
    if where is None:
        return None
    try:
        with open(_entry_file(where, path), "rb") as stream:
            if not (_safe(os.fstat(stream.fileno())) and _safe(os.stat(where))):
                return None
            with collector_paused():
                entry = pickle.load(stream)
        if entry["key"] != _key(path) or entry["files"] != _read(path):
            return None
        return entry["ruleset"]
    except Exception:  # no entry, unreadable, written by another version, …: read the rule set afresh
        return None


def snapshot(path):
    """The rule files' bytes, read before the rule set is (a file changed meanwhile then misses)."""
    try:
        return _read(path)
    except OSError:
        return None


def keep(path, files, ruleset) -> None:
    """Keep `ruleset`, read from `files` (a `snapshot` taken before reading it); never raises."""
    where = folder()
    if where is None or files is None or not ruleset.valid:
        return
    try:
        os.makedirs(where, mode=0o700, exist_ok=True)
        if not _safe(os.stat(where)):
            return
        import tempfile  # only when an entry is written

        data = pickle.dumps({"key": _key(path), "files": files, "ruleset": ruleset}, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, _entry_file(where, path))
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(where)
    except Exception:  # a read-only or full disk: the cache only saves time
        return


def _entry_file(where: str, path) -> str:
    asked = f"{os.getcwd()}\0{path}"
    return os.path.join(where, f"rules-{zlib.crc32(asked.encode('utf-8', 'surrogateescape')):08x}.pickle")


def _key(path) -> tuple:
    return (FORMAT, __version__, sys.version_info[:2], _pydantic_version(), _code(), os.getcwd(), str(path))


def _pydantic_version() -> str:
    import pydantic

    return pydantic.VERSION


def _code() -> tuple:
    """Size and date of every source file of the stages that build a rule set."""
    found = []
    for stage in _STAGES:
        for folder_path, folders, files in os.walk(os.path.join(_PACKAGE, stage)):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(folder_path, name))
                    found.append((folder_path, name, info.st_size, info.st_mtime_ns))
    return tuple(found)


def _read(path) -> tuple:
    skipped: list = []
    files = rule_files(str(path), skipped)
    contents = []
    for file in files:
        with open(file, "rb") as stream:
            contents.append((file, stream.read()))
    return tuple(contents), tuple(skipped)


def _safe(info) -> bool:
    """Owned by this user and not writable by others (where the platform has owners)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _prune(where: str) -> None:
    entries = [os.path.join(where, n) for n in os.listdir(where) if n.startswith("rules-") and n.endswith(".pickle")]
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=os.path.getmtime)
    for stale in entries[: len(entries) - MAX_ENTRIES]:
        try:
            os.unlink(stale)
        except OSError:
            pass
