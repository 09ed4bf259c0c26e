"""Streaming fingerprint matcher: which library families one member's bytes contain.

`feed()` hands the chunks to a `Splitter`, which tells string bytes from machine code and
symbol tables (`regions.py`). String bytes are searched for everything, code only for the
fingerprints that are code (libffi's), the rest not at all. Pieces that were not adjacent in
the member are joined by a 0xFF byte, which no fingerprint matches (`Patterns` refuses evidence
strings with one; the bundled rules' regexes cannot match one, a test checks). Small pieces
are gathered into slices of `slice_size`; large ones are searched where they lie (no copy).

The search is exact across slices: each slice is searched with the last `window` +
`LOOKBEHIND` bytes before it, and a version rule's match counts only once all bytes it could
extend to have been seen, so a rule finds what `finditer` would find over the whole stream
(every match is at most `window` bytes long). Evidence strings and the literal starts of the
rules are found together, at every position (`patterns.KeySearch`). Families whose code embeds
a bare version ("3.40.1\\0") pick theirs from the version-shaped strings, and only when their
presence evidence matched in the same member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from licscan.model import CodeMatch
from licscan.read.binary.fingerprints import Fingerprint
from licscan.read.binary.patterns import LOOKBEHIND, SEPARATOR, Patterns, Rule
from licscan.read.binary.regions import CODE
from licscan.read.binary.splitter import STRINGS, Splitter

_MAX_GENERIC = 4096
_SHOWN = 80  # bytes of a matched version string kept as evidence
_DIRECT = 256 << 10  # pieces at least this large are searched without a copy
_MAX_ANCHOR_HITS = 4096  # literal starts of one anchor kept per pass; more: its regex pass

__all__ = ["Patterns", "StreamMatcher", "describe"]


def describe(data: bytes) -> str:
    """A byte string in words: `"text"` when printable, else its hex bytes."""
    if all(32 <= b < 127 for b in data):
        return '"' + data.decode("ascii").replace('"', '\\"') + '"'
    if sum(32 <= b < 127 for b in data) >= len(data) * 3 // 4:
        shown = "".join(chr(b) if 32 <= b < 127 else f"\\x{b:02x}" for b in data)
        return '"' + shown.replace('"', '\\"') + '"'
    return "bytes " + data[:32].hex(" ") + (" ..." if len(data) > 32 else "")


class _Stream:
    """One logical byte stream searched in slices: for strings, or for code."""

    def __init__(self, matcher: StreamMatcher, rules: bool):
        self.matcher, self.rules = matcher, rules
        self.window = matcher.patterns.window
        self.keep = self.window + LOOKBEHIND
        self.carry = b""  # the last `keep` bytes searched
        self.end = 0  # bytes of the stream searched so far
        self.frontier = 0  # rule matches starting before this offset are decided
        self.last: dict[int, int] = {}  # rule index -> end of its last match
        self.gathered = bytearray()

    def add(self, view: memoryview, adjacent: bool) -> None:
        if self.end + len(self.gathered) and not adjacent:
            self.gathered += SEPARATOR
        if len(view) >= _DIRECT:
            self.flush_gathered()
            self.search(view)
        else:
            self.gathered += view
            if len(self.gathered) >= self.matcher.slice_size:
                self.flush_gathered()

    def flush_gathered(self) -> None:
        if self.gathered:  # searched in place; the buffer is replaced, not reused
            data, self.gathered = self.gathered, bytearray()
            self.search(memoryview(data))

    def search(self, view: memoryview) -> None:
        """Search the next `view` of the stream (matches may start in the carried bytes)."""
        start, stop = self.end, self.end + len(view)
        window = self.window
        junction = self.carry + bytes(view[: 2 * window])
        base = start - len(self.carry)  # the stream offset of junction[0]
        self._pass(junction, base, self.frontier, min(start + window, stop - window))
        if len(view) > 2 * window:
            self._pass(view, start, start + window, stop - window)
        self.carry = bytes(view[-self.keep :]) if len(view) >= self.keep else junction[-self.keep :]
        self.end = stop
        self.frontier = max(self.frontier, stop - window)

    def finish(self) -> None:
        self.flush_gathered()
        if self.carry:
            self._pass(self.carry, self.end - len(self.carry), self.frontier, self.end)
        self.frontier = self.end

    def _pass(self, data: bytes | memoryview, base: int, low: int, high: int) -> None:
        """Search `data` (at stream offset `base`): strings anywhere, rule matches that start
        in [low, high)."""
        matcher, patterns = self.matcher, self.matcher.patterns
        found, literals, rules = matcher.found, patterns.literals, patterns.rules
        if not self.rules:  # the code stream: its few strings only
            found.update(literals[index] for _at, (_kind, index) in patterns.code_keys.hits(data))
            return
        anchors: dict[int, list[int]] = {}  # rule index -> where its anchor may start
        for at, (kind, index) in patterns.keys.hits(data):
            if kind == "literal":
                found.add(literals[index])
                continue
            if kind == "anchor":
                starts = anchors.setdefault(index, [])
                if len(starts) <= _MAX_ANCHOR_HITS:  # past it: the anchor's own regex pass
                    starts.append(at)
                continue
            offset = base + at
            if low <= offset < high and offset >= self.last.get(index, 0):
                match = rules[index].regex.match(data, at)
                if match is not None:
                    matcher.version(rules[index], match)
                    self.last[index] = base + match.end()
        if low >= high:
            return
        for index, rule in enumerate(rules):
            if index in patterns.anchored:
                kept = anchors.get(index)
                if kept is None:
                    continue  # no anchor hit, no match
                last = max(self.last.get(index, 0), low) - base
                hits = (
                    _anchor_hits(rule, data, last, kept) if len(kept) <= _MAX_ANCHOR_HITS else None
                )
                for match in self._matches(index, rule, data, base, low, high, hits):
                    matcher.version(rule, match)
            elif index not in patterns.triggers:
                for match in self._matches(index, rule, data, base, low, high):
                    matcher.version(rule, match)
        if patterns.wants_generic and len(matcher.generic) < _MAX_GENERIC:
            for match in self._matches(-1, patterns.generic, data, base, low, high):
                matcher.generic.setdefault(bytes(match.group(1)).decode("ascii"), None)

    def _matches(
        self,
        index: int,
        rule: Rule,
        data: bytes | memoryview,
        base: int,
        low: int,
        high: int,
        hits: Iterable[re.Match[bytes]] | None = None,
    ) -> list[re.Match[bytes]]:
        """`rule.regex.finditer` over the whole stream, the matches starting in [low, high);
        `hits`: the anchor's `finditer` from there, when already found."""
        last = max(self.last.get(index, 0), low) - base
        high -= base
        found: list[re.Match[bytes]] = []
        if rule.anchor is None:
            for match in rule.regex.finditer(data, last):
                if match.start() >= high:
                    break
                found.append(match)
                last = match.end()
        else:
            # a match lies within `rule.reach` of its anchor hit, so it ends before the window
            for hit in rule.anchor.finditer(data, last) if hits is None else hits:
                if hit.start() >= high + self.window:
                    break
                begin = max(hit.start() - rule.reach, last)
                if rule.ends_at_anchor:  # one match at most, ending where the hit does
                    one = rule.regex.search(data, begin, hit.end())
                    if one is not None and one.start() < high:
                        found.append(one)
                        last = one.end()
                    continue
                stop = min(len(data), hit.end() + rule.reach)
                for match in rule.regex.finditer(data, begin, stop):
                    if match.start() >= high:
                        break
                    found.append(match)
                    last = match.end()
        if found:
            self.last[index] = base + last
        return found


def _anchor_hits(
    rule: Rule, data: bytes | memoryview, last: int, starts: list[int]
) -> Iterator[re.Match[bytes]]:
    """What `rule.anchor.finditer(data, last)` yields, tried only at `starts`, the places
    in order where one of the anchor's literal starts occurs (every match starts at one)."""
    assert rule.anchor is not None
    match = rule.anchor.match
    end = last  # the next match starts at or after the end of the one before
    for at in starts:
        if at >= end:
            hit = match(data, at)
            if hit is not None:
                end = hit.end()
                yield hit


class StreamMatcher:
    """Feed one member's chunks in order; `result()` names the families found in it."""

    def __init__(
        self,
        patterns: Patterns,
        fmt: str | None = None,
        size: int = 0,
        *,
        slice_size: int = 1 << 20,
        max_values: int = 16,
    ):
        self.patterns = patterns
        self.slice_size = slice_size
        self.max_values = max_values
        self.found: set[bytes] = set()
        self.versions: dict[int, dict[str, bytes]] = {}  # value -> the text it was read from
        self.hints: dict[int, list[str]] = {}
        self.generic: dict[str, None] = {}
        self._splitter = Splitter(fmt, size) if fmt is not None else None
        self._strings = _Stream(self, rules=True)
        self._code = _Stream(self, rules=False)
        self._previous = STRINGS
        self._done = False

    def feed(self, chunk: bytes | memoryview) -> None:
        if self._splitter is None:
            self._strings.add(memoryview(chunk).cast("B"), adjacent=True)
            return
        self._pieces(self._splitter.feed(chunk))

    def _pieces(self, pieces: list[tuple[str, memoryview]]) -> None:
        for kind, view in pieces:
            adjacent = kind == self._previous
            if kind == STRINGS:
                self._strings.add(view, adjacent)
            elif kind == CODE and self.patterns.code_keys:
                self._code.add(view, adjacent)
            self._previous = kind

    def version(self, rule: Rule, match: re.Match[bytes]) -> None:
        """Record what a version rule read."""
        try:
            value = bytes(match.group(1)).decode(rule.encoding).strip("\x00 ")
        except UnicodeDecodeError:
            return
        for index, hint in rule.owners:
            if hint:
                hints = self.hints.setdefault(index, [])
                if value not in hints and len(hints) < self.max_values:
                    hints.append(value)
                continue
            values = self.versions.setdefault(index, {})
            if value not in values and len(values) < self.max_values:
                values[value] = bytes(match.group(0))[:_SHOWN]

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            if self._splitter is not None:
                self._pieces(self._splitter.finish())
            self._strings.finish()
            self._code.finish()

    def result(self, defined_symbols: Iterable[str] = ()) -> tuple[CodeMatch, ...]:
        """The families found, sorted by id; `defined_symbols` come from the headers."""
        self._finish()
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
        strings = [s for s in fp.strings if s in self.found]
        defined = [s for s in fp.symbols if s in symbols]
        if not (
            (fp.strings and len(strings) >= fp.min_strings)
            or (fp.symbols and len(defined) >= fp.min_symbols)
        ):
            return None
        evidence = [_literal(s) for s in strings]
        evidence += [f"symbol {s}" for s in defined]
        exact = self.versions.get(index, {})
        versions = list(exact)
        if not versions and index in self.patterns.candidate:
            pattern = self.patterns.candidate[index]
            versions = [v for v in self.generic if pattern.fullmatch(v.encode())]
            hints = self.hints.get(index, [])
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
