"""Streaming fingerprint matcher: which library families one member's bytes contain.

`feed()` buffers up to `slice_size` bytes and scans the last `window` bytes of the previous
scan plus the new slice, so memory stays about `slice_size + window` for a member of any size,
and every evidence string must be at most `window` bytes long. Evidence strings are searched
with `bytes.__contains__` and dropped once found; every distinct version rule is its own regex
(CPython's `re` then uses its literal-prefix search), and a rule that starts with a character
class runs only around the hits of its cheap `anchor`. Families whose code embeds a bare
version ("3.40.1\\0") pick theirs from the version-shaped strings, and only when their presence
evidence matched in the same member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from licscan.model import CodeMatch
from licscan.read.binary.fingerprints import Fingerprint, VersionRule

_GENERIC_VERSION = (
    rb"(?<![0-9A-Za-z._-])(\d{1,2}\.\d{1,3}(?:\.\d{1,3}){0,2}(?:(?:a|b|rc)\d{1,2})?\+?)\x00"
)
_GENERIC_ANCHOR = rb"\.\d{1,3}(?:(?:a|b|rc)\d{1,2})?\+?\x00"  # how every candidate ends
_ANCHOR_REACH = 96  # bytes around an anchor hit in which the full rule runs
_MAX_GENERIC = 4096
_SHOWN = 80  # bytes of a matched version string kept as evidence


@dataclass(frozen=True)
class _Rule:
    regex: re.Pattern[bytes]
    anchor: re.Pattern[bytes] | None
    encoding: str
    owners: tuple[tuple[int, bool], ...]  # (family index, is a hint)


class Patterns:
    """The fingerprints compiled once; each member gets its own `StreamMatcher` over them."""

    def __init__(self, fingerprints: Iterable[Fingerprint], *, window: int = 1024) -> None:
        self.families = tuple(fingerprints)
        self.window = window
        literals: set[bytes] = set()
        for fp in self.families:
            for literal in fp.strings:
                if len(literal) > window:
                    raise ValueError(f"{fp.id}: an evidence string is longer than {window} bytes")
                literals.add(literal)
        self.literals = tuple(sorted(literals, key=lambda b: (-len(b), b)))  # specific first
        owners: dict[tuple[bytes, str], list[tuple[int, bool]]] = {}
        first: dict[tuple[bytes, str], VersionRule] = {}
        for index, fp in enumerate(self.families):
            for rule in fp.versions:
                key = (rule.regex, rule.encoding)
                owners.setdefault(key, []).append((index, rule.hint))
                first.setdefault(key, rule)
        self.rules = tuple(
            _Rule(
                re.compile(key[0], re.DOTALL),
                re.compile(first[key].anchor or b"", re.DOTALL) if first[key].anchor else None,
                key[1],
                tuple(found),
            )
            for key, found in owners.items()
        )
        self.generic = re.compile(_GENERIC_VERSION)
        self.generic_anchor = re.compile(_GENERIC_ANCHOR)
        self.wants_generic = any(fp.version_candidate for fp in self.families)
        self.candidate = {
            i: re.compile(fp.version_candidate)
            for i, fp in enumerate(self.families)
            if fp.version_candidate
        }
        self.required = {
            i: re.compile(fp.requires_version)
            for i, fp in enumerate(self.families)
            if fp.requires_version
        }


def describe(data: bytes) -> str:
    """A byte string in words: `"text"` when printable, else its hex bytes."""
    if all(32 <= b < 127 for b in data):
        return '"' + data.decode("ascii").replace('"', '\\"') + '"'
    if sum(32 <= b < 127 for b in data) >= len(data) * 3 // 4:
        shown = "".join(chr(b) if 32 <= b < 127 else f"\\x{b:02x}" for b in data)
        return '"' + shown.replace('"', '\\"') + '"'
    return "bytes " + data[:32].hex(" ") + (" ..." if len(data) > 32 else "")


class StreamMatcher:
    """Feed one member's chunks in order; `result()` names the families found in it."""

    def __init__(self, patterns: Patterns, *, slice_size: int = 1 << 20, max_values: int = 16):
        self.patterns = patterns
        self.slice_size = slice_size
        self.max_values = max_values
        self._pending = list(patterns.literals)
        self._found: set[bytes] = set()
        self._versions: dict[int, dict[str, bytes]] = {}  # value -> the text it was read from
        self._hints: dict[int, list[str]] = {}
        self._generic: dict[str, None] = {}
        self._tail = b""
        self._buffer = bytearray()

    def feed(self, chunk: bytes | memoryview) -> None:
        view = memoryview(chunk)
        offset = 0
        while offset < len(view):
            take = min(len(view) - offset, self.slice_size - len(self._buffer))
            self._buffer += view[offset : offset + take]
            offset += take
            if len(self._buffer) >= self.slice_size:
                self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._scan(self._tail + bytes(self._buffer))
            self._buffer.clear()

    def _scan(self, buffer: bytes) -> None:
        if self._pending:
            hit = [literal for literal in self._pending if literal in buffer]
            if hit:
                self._found.update(hit)
                self._pending = [lit for lit in self._pending if lit not in self._found]
        for rule in self.patterns.rules:
            for match in _matches(rule.regex, rule.anchor, buffer):
                try:
                    value = match.group(1).decode(rule.encoding).strip("\x00 ")
                except UnicodeDecodeError:
                    continue
                for index, hint in rule.owners:
                    if hint:
                        hints = self._hints.setdefault(index, [])
                        if value not in hints and len(hints) < self.max_values:
                            hints.append(value)
                        continue
                    values = self._versions.setdefault(index, {})
                    if value not in values and len(values) < self.max_values:
                        values[value] = match.group(0)[:_SHOWN]
        if self.patterns.wants_generic and len(self._generic) < _MAX_GENERIC:
            generic, anchor = self.patterns.generic, self.patterns.generic_anchor
            for match in _matches(generic, anchor, buffer):
                self._generic.setdefault(match.group(1).decode("ascii"), None)
        self._tail = buffer[-self.patterns.window :]

    def result(self, defined_symbols: Iterable[str] = ()) -> tuple[CodeMatch, ...]:
        """The families found, sorted by id; `defined_symbols` come from the headers."""
        self._flush()
        symbols = set(defined_symbols)
        found: dict[str, CodeMatch] = {}
        for index, fp in enumerate(self.patterns.families):
            match = self._family(index, fp, symbols)
            if match is not None:
                found[fp.id] = match
        for fp in self.patterns.families:
            if fp.id in found and any(other in found for other in fp.suppressed_by):
                del found[fp.id]
        return tuple(found[key] for key in sorted(found))

    def _family(self, index: int, fp: Fingerprint, symbols: set[str]) -> CodeMatch | None:
        strings = [s for s in fp.strings if s in self._found]
        defined = [s for s in fp.symbols if s in symbols]
        if not (
            (fp.strings and len(strings) >= fp.min_strings)
            or (fp.symbols and len(defined) >= fp.min_symbols)
        ):
            return None
        evidence = [_literal(s) for s in strings]
        evidence += [f"symbol {s}" for s in defined]
        exact = self._versions.get(index, {})
        versions = list(exact)
        if not versions and index in self.patterns.candidate:
            pattern = self.patterns.candidate[index]
            versions = [v for v in self._generic if pattern.fullmatch(v.encode())]
            hints = self._hints.get(index, [])
            if hints:
                versions = [v for v in versions if any(v.startswith(h + ".") for h in hints)]
        required = self.patterns.required.get(index)
        if required is not None:
            if versions:
                versions = [v for v in versions if required.match(v.encode())]
                if not versions:
                    return None  # the version read belongs to a sibling family
            else:
                evidence.append("no version string: which major version is unknown")
        for value in versions:
            seen = exact.get(value)
            said = f"version string {describe(seen)}" if seen else f'bare version "{value}"'
            evidence.append(said if value == versions[0] else f"also {said}")
        return CodeMatch(fp.id, versions[0] if versions else None, tuple(evidence))


def _literal(data: bytes) -> str:
    said = describe(data)
    return f"string {said}" if said.startswith('"') else said


def _matches(
    regex: re.Pattern[bytes], anchor: re.Pattern[bytes] | None, buffer: bytes
) -> Iterator[re.Match[bytes]]:
    if anchor is None:
        yield from regex.finditer(buffer)
        return
    last = -1
    for hit in anchor.finditer(buffer):
        start = max(hit.start() - _ANCHOR_REACH, last)
        for match in regex.finditer(buffer, start, min(len(buffer), hit.end() + _ANCHOR_REACH)):
            if match.start() >= last:
                last = match.end()
                yield match
