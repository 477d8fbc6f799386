"""Read YAML into plain Python data while keeping every node's position.

PyYAML's own constructors lose positions and silently keep the last of two
equal mapping keys. Here we compose the node graph ourselves and build the
data, recording for every key path where its key and value stand in the file,
and turning duplicate keys, alias bombs, recursive aliases, over-deep nesting,
bad bytes, explicit tags a value cannot hold and syntax errors into
`Problem`s, with a hint where a common mistake is likely (a tab, a file that is
not UTF-8 or is a workbook, an unquoted ``1,045`` inside ``{…}``). Scalars are
read by `kpiengine.sources.scalars`. Timestamps are *not* resolved: dates stay
text so that Buddhist-Era dates (`2563-02-29`) are read by
`kpiengine.calendar`, not refused by Python's Gregorian `date`. Lines and
columns count characters, never bytes.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field

import yaml

from kpiengine.core.numbers import describe
from kpiengine.core.problems import Location, Problem
from kpiengine.sources.codes import IO01, IO02, SC01, SC02, SC04, SC09
from kpiengine.sources.scalars import ScalarFault, collection_fault, read_scalar

MAX_NODES = 2_000_000  # plain nodes built from one file
MAX_ALIAS_NODES = 100_000  # nodes built again through aliases (billion-laughs guard)
MAX_DEPTH = 100  # nesting of mappings and sequences


# libyaml's parser when PyYAML was built with it (5–10× faster on large rule sets; the same
# character columns; its own guard against over-deep nesting), else the pure-Python one.
_Base = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class _Loader(_Base):
    """A safe loader without the timestamp resolver."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Mark:
    """Position of a key and of its value (1-based), and the value's scalar style."""

    line: int
    column: int
    value_line: int
    value_column: int
    style: str | None = None  # None plain, "'" or '"' quoted, "|" or ">" block
    text: str | None = None  # a plain scalar read as something else than text (a number, true…), as written


@dataclass
class Document:
    """One YAML document: its data and the marks of every path inside it."""

    file: str
    index: int
    data: object
    marks: dict = field(default_factory=dict)
    lines: list = field(default_factory=list)  # the file's text lines, for columns inside block scalars

    def mark(self, path: tuple) -> Mark | None:
        """The mark of `path`, or of its longest existing prefix."""
        path = tuple(path)
        while True:
            m = self.marks.get(path)
            if m is not None or not path:
                return m
            path = path[:-1]


class _Stop(Exception):
    def __init__(self, message: str, node=None, path: tuple = ()):
        super().__init__(message)
        self.node = node
        self.path = path


# Files that are not text at all, by their first bytes: what to tell the user.
_SIGNATURES = (
    (b"PK\x03\x04", "this is a zip file (an Excel .xlsx workbook?), not YAML text: "
                     "export the sheet or write the values in a YAML file"),
    (b"\xd0\xcf\x11\xe0", "this is an Excel .xls workbook (or another Office file), not YAML text: "
                          "write the values in a YAML file"),
    (b"%PDF", "this is a PDF file, not YAML text"),
    (b"\xff\xfe", "this file is UTF-16 text: save it as UTF-8"),
    (b"\xfe\xff", "this file is UTF-16 text: save it as UTF-8"),
)

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks

# What YAML allows in a stream (YAML 1.1 printable characters; PyYAML's reader).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


MAX_BYTES = 256 * 1024 * 1024  # no rule or evidence file comes near this


def read_text(path: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text; a problem (never an exception) when we cannot.

    A pipe is read as a stream, but opened without waiting for a writer, so a
    FIFO nobody writes to reads as empty instead of blocking the run; a device
    (``/dev/zero`` would never end), a socket or a directory is refused.
    """
    try:
        raw = _read_bytes(path)
    except _NotAFile as exc:
        return None, [IO01.problem(f"cannot read file: {exc}", Location(path))]
    except OSError as exc:
        return None, [IO01.problem(f"cannot read file ({exc.strerror or exc})", Location(path))]
    return decode_text(raw, path)


def decode_text(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes (of a file, or of an upload named `path`) as UTF-8 text; a problem when they are not."""
    for signature, message in _SIGNATURES:
        if raw.startswith(signature):
            return None, [IO02.problem(message, Location(path, 1, 1))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[start: exc.start].decode("utf-8", errors="replace")) + 1
        return None, [IO02.problem(f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded): "
                                      "save it as UTF-8", Location(path, line, col))]


class _NotAFile(Exception):
    pass


def _read_bytes(path: str) -> bytes:
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise _NotAFile("it is a directory")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        raise _NotAFile(f"it is {'a socket' if stat.S_ISSOCK(mode) else 'a device'}, not a file")
    flags = os.O_RDONLY | (os.O_NONBLOCK if stat.S_ISFIFO(mode) else 0)
    fd = os.open(path, flags)
    try:
        if stat.S_ISFIFO(mode):
            os.set_blocking(fd, True)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_BYTES:
                raise _NotAFile(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            chunks.append(chunk)
    finally:
        os.close(fd)


def parse_documents(text: str, file: str) -> tuple[list[Document], list[Problem]]:
    """Every document of a YAML text, with marks; syntax faults become problems."""
    problems: list[Problem] = []
    documents: list[Document] = []
    lines = text.splitlines()
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        return [], [_character_problem(bad.start(), text, file)]
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        return [], [_reader_problem(exc, text, file)]
    index = 0
    try:
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                message = _syntax_message(exc) + _syntax_hint(mark, lines)
                problems.append(SC01.problem(message, Location(file, mark.line + 1 if mark else None, mark.column + 1 if mark else None)))
                break
            except yaml.reader.ReaderError as exc:
                problems.append(_reader_problem(exc, text, file))
                break
            except yaml.YAMLError as exc:
                problems.append(SC01.problem(f"invalid YAML ({_lower(str(exc))})", Location(file)))
                break
            except RecursionError:
                problems.append(SC09.problem("nesting too deep to read", Location(file)))
                break
            builder = _Builder(loader, file)
            try:
                data = builder.build(node, (), 0)
            except _Stop as stop:
                # Point at the top-level key whose value grew too large, else at the node.
                top = builder.marks.get(stop.path[:1]) if stop.path else None
                n = stop.node or node
                line, column = (top.line, top.column) if top else (n.start_mark.line + 1, n.start_mark.column + 1)
                problems.append(SC09.problem(str(stop), Location(file, line, column)))
                index += 1
                continue
            problems.extend(builder.problems)
            documents.append(Document(file, index, data, builder.marks, lines))
            index += 1
    finally:
        loader.dispose()
    return documents, problems


def _character_problem(position: int, text: str, file: str) -> Problem:
    """A character YAML does not allow (NUL, bell, escape…), where it stands (in characters)."""
    breaks = list(_LINE_BREAK.finditer(text, 0, position))
    line = len(breaks) + 1
    col = position - (breaks[-1].end() if breaks else 0) + 1
    return SC01.problem(f"special characters are not allowed in YAML (#x{ord(text[position]):04x})",
                   Location(file, line, col))


def _reader_problem(exc, text: str, file: str) -> Problem:
    """A reader fault the scan above missed; libyaml counts its position in bytes."""
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        return _character_problem(bad.start(), text, file)
    return SC01.problem("special characters are not allowed in YAML", Location(file))


def load_bytes(raw: bytes, name: str) -> tuple[list[Document], list[Problem]]:
    """The documents of YAML bytes that did not come from a file (an upload, a request body) named `name`."""
    text, problems = decode_text(raw, name)
    if text is None:
        return [], problems
    return parse_documents(text, name)


def load_file(path: str) -> tuple[list[Document], list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return [], problems
    return parse_documents(text, path)


def _lower(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].lower() + text[1:]


def _syntax_hint(mark, lines: list) -> str:
    """A hint for the mistakes people make most: a tab, a comma in a number."""
    if mark is None or mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    if "\t" in line[: mark.column + 1] or (mark.column < len(line) and line[mark.column] == "\t"):
        return " (a tab: YAML indents with spaces only, replace the tab by spaces)"
    return ""


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(_lower(p) for p in parts) or "invalid YAML"
    return f"syntax error: {message}"


class _Builder:
    """Builds plain data from a node graph, recording marks and problems."""

    def __init__(self, loader: _Loader, file: str):
        self.loader = loader
        self.file = file
        self.marks: dict = {}
        self.problems: list[Problem] = []
        self.built = 0
        self.alias_built = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()

    def _count(self, node, path: tuple) -> None:
        self.built += 1
        if id(node) in self.seen:
            self.alias_built += 1
            if self.alias_built > MAX_ALIAS_NODES:
                raise _Stop(f"too many nodes built through aliases (more than {MAX_ALIAS_NODES:,}): "
                            "is this an alias bomb?", node, path)
        self.seen.add(id(node))
        if self.built > MAX_NODES:
            raise _Stop(f"document too large (more than {MAX_NODES:,} nodes)", node, path)

    def _record(self, path: tuple, key_node, value_node) -> None:
        if path in self.marks:
            return
        k = (key_node or value_node).start_mark
        v = value_node.start_mark
        style = (value_node.style or None) if isinstance(value_node, yaml.ScalarNode) else None
        text = value_node.value if style is None and isinstance(value_node, yaml.ScalarNode) \
            and value_node.tag != "tag:yaml.org,2002:str" else None
        self.marks[path] = Mark(k.line + 1, k.column + 1, v.line + 1, v.column + 1, style,
                                text if text is None or len(text) <= 100 else None)

    def _problem(self, code, message: str, node, path: tuple = ()) -> None:
        self.problems.append(code.problem(message,
                                          Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1, path)))

    def build(self, node, path: tuple, depth: int, key_node=None):
        self._count(node, path)
        self._record(path, key_node, node)
        if depth > MAX_DEPTH:
            raise _Stop(f"nesting deeper than {MAX_DEPTH} levels", node, path)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.active:
            raise _Stop("recursive alias: a node contains itself", node, path)
        fault = collection_fault(node, "sequence" if isinstance(node, yaml.SequenceNode) else "mapping")
        if fault:
            self._problem(SC04, fault, node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def _scalar(self, node, path: tuple = ()):
        try:
            return read_scalar(node)
        except ScalarFault as fault:
            self._problem(SC04, str(fault), node, path)
            return node.value

    def _pairs(self, node, depth: int):
        """The (key node, value node) pairs of a mapping, with `<<` merges applied."""
        explicit = []
        merged = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for src in sources:
                    if not isinstance(src, yaml.MappingNode):
                        raise _Stop("a merge key '<<' needs a mapping or a list of mappings", src)
                    if id(src) in self.active:
                        raise _Stop("recursive alias: a node contains itself", src)
                    self.active.add(id(src))
                    try:
                        merged.extend(self._pairs(src, depth))
                    finally:
                        self.active.discard(id(src))
            else:
                explicit.append((key_node, value_node, False))
        return explicit + [(k, v, True) for k, v, _ in merged]

    def _mapping(self, node, path: tuple, depth: int) -> dict:
        out: dict = {}
        explicit_keys: dict = {}
        pairs = self._pairs(node, depth)
        previous = None
        skip = 0
        for i, (key_node, value_node, from_merge) in enumerate(pairs):
            if skip:
                skip -= 1
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(SC04.problem("mapping keys must be plain scalars, not lists or mappings", Location(self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, path)))
                continue
            self._count(key_node, path)
            if _split_number(previous, key_node, value_node, node):
                groups = [previous[1].value, key_node.value]
                while i + len(groups) - 1 < len(pairs) and _split_number(previous, *pairs[i + len(groups) - 1][:2], node):
                    groups.append(pairs[i + len(groups) - 1][0].value)
                skip = len(groups) - 2
                number = ",".join(groups)
                self._problem(SC01, f"'{number}' is read as {len(groups)} entries: inside {{…}} a comma separates "
                                      f"entries; write {number.replace(',', '')} or quote it (\"{number}\")",
                              previous[1], path + (previous[2],))
                continue
            if key_node.tag == "tag:yaml.org,2002:null":
                self._problem(SC04, f"a key is empty ({describe_key(key_node.value)}): every key needs a name",
                              key_node, path)
                continue
            key = self._scalar(key_node, path)
            if isinstance(key, bool) and not key_node.style:
                key = key_node.value  # `yes:`, `on:` are names here, not booleans: keep them as written
            try:
                hash(key)
            except TypeError:
                key = key_node.value
            if key in out:
                if from_merge:
                    continue  # an explicit key overrides a merged one
                first = explicit_keys.get(key)
                where = f" (first at line {first.start_mark.line + 1})" if first is not None else ""
                self.problems.append(SC02.problem(f"duplication of key {describe(str(key))} in mapping{where}", Location(self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, path + (key,))))
                continue
            if not from_merge:
                explicit_keys[key] = key_node
            out[key] = self.build(value_node, path + (key,), depth + 1,
                                  key_node=None if from_merge else key_node)
            previous = (key_node, value_node, key)
        return out


def describe_key(text: str) -> str:
    return f"'{text}' is null" if text else "nothing before ':'"


def _split_number(previous, key_node, value_node, mapping_node) -> bool:
    """`{a: 1,045}`: YAML reads a number with a thousands separator inside a flow
    mapping as the entry `a: 1` and a second entry `045` without a value."""
    if previous is None or not mapping_node.flow_style:
        return False
    prev_value = previous[1]
    return (isinstance(prev_value, yaml.ScalarNode) and not prev_value.style
            and re.fullmatch(r"[-+]?\d{1,3}", prev_value.value or "") is not None
            and not key_node.style and re.fullmatch(r"\d{3}(?:\.\d*)?", key_node.value) is not None
            and isinstance(value_node, yaml.ScalarNode) and value_node.value == ""
            and value_node.tag == "tag:yaml.org,2002:null")
