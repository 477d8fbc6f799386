"""Writing reports: whole or not at all, and never over a file the user gave us.

A regular file (or a new one) is written through a temporary file in the same
directory and renamed over the target, so a reader never sees half a report
and a failed write (disk full) leaves the old file as it was and no temporary
file behind. A character device (``/dev/null``, a terminal) or a pipe with a
reader is written to as a stream: renaming over it would replace the device
node itself. A pipe without a reader, a block device, a socket or a dangling
symbolic link is refused. A symbolic link to a regular file is followed: the
file it points to is replaced, the link stays.

Every input of the run is protected: the path itself, a hard link to it, or
any file inside an input directory.
"""

from __future__ import annotations

import errno
import os
import stat

from kpiengine.core.errors import KpiError


class OutputError(KpiError):
    """The report could not be written (the run exits 2)."""


def write_atomic(path: str, text: str | bytes, protected=()) -> None:
    """Write `text` (or the bytes of a binary format such as xlsx) to `path` whole or not at all; refuse any
    path in `protected` (the run's inputs)."""
    path = os.fspath(path)
    target = os.path.realpath(path)
    _refuse_inputs(path, target, protected)
    data = _encode(text)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
        if os.path.islink(path):
            raise OutputError(f"refusing to write '{path}': it is a symbolic link to a missing file") from None
    except OSError as exc:
        raise OutputError(f"cannot write '{path}' ({exc.strerror or exc})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_special(path, target, info, data)
        return
    _replace(path, target, info, data)


def _refuse_inputs(path: str, target: str, protected) -> None:
    for item in protected:
        if not item or not isinstance(item, (str, os.PathLike)) or not os.path.exists(item):
            continue
        real = os.path.realpath(item)
        if real == target or _same_file(item, target):
            raise OutputError(f"refusing to write '{path}': it is one of the input files")
        if _covers(real, target):
            raise OutputError(f"refusing to write '{path}': it is inside the input directory '{item}'")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _covers(protected: str, target: str) -> bool:
    if protected == target:
        return True
    return os.path.isdir(protected) and target.startswith(protected.rstrip(os.sep) + os.sep)


def _encode(text: str | bytes) -> bytes:
    if isinstance(text, bytes):  # a workbook
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a file name with bytes that are not UTF-8
        return text.encode("utf-8", errors="backslashreplace")


def _write_special(path: str, target: str, info: os.stat_result, data: bytes) -> None:
    """A device or pipe: write through it as a stream, never replace the node."""
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write '{path}': it is a directory")
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "a special file"
        raise OutputError(f"refusing to write '{path}': it is {kind}, not a file")
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if stat.S_ISFIFO(mode):
        flags |= os.O_NONBLOCK  # a pipe nobody reads would block the run forever
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"cannot write '{path}': it is a pipe and nothing reads from it") from None
        raise OutputError(f"cannot write '{path}' ({exc.strerror or exc})") from None
    try:
        if stat.S_ISFIFO(mode):
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise OutputError(f"cannot write '{path}' ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _replace(path: str, target: str, info: os.stat_result | None, data: bytes) -> None:
    """A regular file, or a new one: a temporary file beside it, then one rename."""
    import tempfile  # only when a file is written

    directory = os.path.dirname(target) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kpi-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write '{path}' ({exc.strerror or exc})") from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            os.fchmod(fd, stat.S_IMODE(info.st_mode) if info is not None else _default_mode())
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"cannot write '{path}' ({exc.strerror or exc})") from None


def _default_mode() -> int:
    """0666 less the umask, as `open` would create the file.

    The umask is read from /proc where there is one: setting it to read it back
    would change it for a moment for every thread of the process."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
