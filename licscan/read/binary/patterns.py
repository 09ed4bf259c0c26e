"""The fingerprints compiled once for the stream matcher (`matcher.py`).

Evidence strings, the literal starts of version rules ("OpenSSL ", "expat_", ...) and the
literal starts of the rules' anchors ("flate 0".."flate 9") are all found in one search,
`KeySearch` (Aho-Corasick, `ahocorasick_rs`). A rule with a literal start of 3 bytes runs
only where it starts, a rule with an anchor only around where the anchor matches; the rest
(the version candidates) run as their own regex pass, around their anchor's hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ahocorasick_rs import MATCHKIND_LEFTMOST_FIRST, BytesAhoCorasick, Implementation

from licscan.read.binary.fingerprints import Fingerprint, VersionRule

_GENERIC_VERSION = (
    rb"(?<![0-9A-Za-z._-])(\d{1,2}\.\d{1,3}(?:\.\d{1,3}){0,2}(?:(?:a|b|rc)\d{1,2})?\+?)\x00"
)
# how every candidate ends: its last component, after a digit (the lookbehind follows the
# literal '.', so the regex still scans for that byte alone; `.rodata.str1.1`, `__func__.0`
# and the like are dismissed inside the regex)
_GENERIC_ANCHOR = rb"\.(?<=\d\.)\d{1,3}(?:(?:a|b|rc)\d{1,2})?\+?\x00"
SEPARATOR = b"\xff"  # joins pieces of a member that were not adjacent: matches none
LOOKBEHIND = 8  # bytes before a match that a rule may look at (the generic rule: one)
_MIN_TRIGGER = 3  # a rule whose literal start is shorter runs as its own pass
# an anchor whose literal starts are shorter runs as its own pass: bytes repeating a short
# start (", 1, 1, 1") would make every few bytes a hit, more than the evidence strings do
_MIN_ANCHOR = 6
_PART = 128 << 10  # bytes searched at a time (bounds the hits held)
_MANY = 256  # leftmost hits in a part past which the whole part is searched for every hit
_GROUP = 32  # needles per leftmost-first search (measured: 24-32 cost least, 64 and 8 more)


@dataclass(frozen=True)
class Rule:
    """One compiled version regex, with the cheap anchor that finds where it can match."""

    regex: re.Pattern[bytes]
    anchor: re.Pattern[bytes] | None
    encoding: str
    owners: tuple[tuple[int, bool], ...]  # (family index, is a hint)
    reach: int = 96  # bytes around an anchor hit in which the full rule runs
    ends_at_anchor: bool = False  # every match ends where an anchor hit ends


_CLASS_SHORTHANDS = {b"d": b"0123456789"}
_PREFIX_LITERALS = 64  # at most this many literals stand for one anchor


def literal_prefixes(pattern: bytes) -> tuple[bytes, ...]:
    """Literals of one length such that every match of the regex source `pattern` starts
    with one of them, read from its leading bytes, escapes, `\\d` and simple classes
    (`[0-9a-f]`); () when they are shorter than 2 bytes or more than 64."""
    if _top_level_alternation(pattern):
        return ()
    found = [b""]
    at = 0
    while at < len(pattern):
        char = pattern[at : at + 1]
        if char == b"\\":
            escaped = pattern[at + 1 : at + 2]
            if escaped in _CLASS_SHORTHANDS:
                choices, at = _CLASS_SHORTHANDS[escaped], at + 2
            elif escaped == b"x" and len(code := pattern[at + 2 : at + 4]) == 2:
                try:
                    choices, at = bytes([int(code, 16)]), at + 4
                except ValueError:
                    break
            elif escaped and not escaped.isalnum():
                choices, at = escaped, at + 2
            else:
                break
        elif char == b"[":
            parsed = _simple_class(pattern, at)
            if parsed is None:
                break
            choices, at = parsed
        elif char in b".^$*+?{}[]()|":
            break
        else:
            choices, at = char, at + 1
        follow = pattern[at : at + 1]
        bounded = follow == b"{" and pattern[at + 1 : at + 2].isdigit()
        if (
            follow in (b"?", b"*")
            or (follow == b"{" and not bounded)
            or pattern[at:].startswith(b"{0")
        ):
            break  # this element is optional (`?`, `*`, `{0,n}`, `{,n}`)
        if len(found) * len(choices) > _PREFIX_LITERALS:
            break
        found = [head + bytes([c]) for head in found for c in choices]
        if follow in (b"+", b"{"):
            break  # repeated: once is certain, what follows is not at a fixed offset
    return tuple(found) if len(found[0]) >= 2 else ()


def _simple_class(pattern: bytes, at: int) -> tuple[bytes, int] | None:
    """The bytes of a class `[...]` at `at` made of bytes and ranges, and where it ends."""
    out = bytearray()
    k = at + 1
    if pattern[k : k + 1] in (b"^", b"]", b""):
        return None
    while k < len(pattern) and pattern[k : k + 1] != b"]":
        char = pattern[k]
        if char == 0x5C or pattern[k : k + 2] == b"[:":  # an escape or a POSIX-like class
            return None
        if pattern[k + 1 : k + 2] == b"-" and pattern[k + 2 : k + 3] not in (b"]", b""):
            last = pattern[k + 2]
            if last == 0x5C or last < char:
                return None
            out += bytes(range(char, last + 1))
            k += 3
        else:
            out.append(char)
            k += 1
    if k >= len(pattern):
        return None
    return bytes(sorted(set(out))), k + 1


def literal_start(pattern: bytes) -> bytes:
    """The literal bytes every match of the regex source `pattern` starts with (maybe b"")."""
    if _top_level_alternation(pattern):
        return b""
    out = bytearray()
    at = 0
    while at < len(pattern):
        char = pattern[at : at + 1]
        if char == b"\\":
            escaped = pattern[at + 1 : at + 2]
            if not escaped or escaped.isalnum():
                break  # a class (\\d, \\w) or a code (\\x00): stop there
            char, at = escaped, at + 2
        elif char in b".^$*+?{}[]()|":
            break
        else:
            at += 1
        if pattern[at : at + 1] in (b"?", b"*", b"{"):
            break  # this byte is optional or repeated
        out += char
    return bytes(out)


def _top_level_alternation(pattern: bytes) -> bool:
    depth, at, in_class = 0, 0, False
    while at < len(pattern):
        char = pattern[at : at + 1]
        if char == b"\\":
            at += 2
            continue
        if in_class:
            in_class = char != b"]"
        elif char == b"[":
            in_class = True
        elif char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
        elif char == b"|" and depth == 0:
            return True
        at += 1
    return False


# ("literal", index into Patterns.literals), ("rule", rule index): where the rule starts, or
# ("anchor", rule index): where its anchor may start
Tag = tuple[str, int]


class KeySearch:
    """Every occurrence of a set of needles, in a few fast passes over the bytes.

    `ahocorasick_rs` (Rust's `aho-corasick`) finds them in two steps. First the needles, in
    groups of at most `group`, are searched leftmost-first without overlaps, which its SIMD
    prefilter (Teddy; memmem for a group of one) runs at about 0.1 ns a byte per group; then
    each hit's neighbourhood is searched again by one automaton that reports every occurrence,
    overlapping ones and needles inside other needles included. That is exact: a leftmost
    search resumes where its last hit ends, so an occurrence it skips starts inside a hit it
    reported (at s <= p < e) and lies within [s, e - 1 + the longest needle). For the bundled
    fingerprints' needles (105: evidence strings and the literal starts of the version rules
    and of zlib's anchor) that costs about 0.55 ns a string byte, where one automaton reporting
    every occurrence took 1.6 ns, CPython's `re` 0.4 ns for each of 9 passes keyed on rare
    bytes and a `bytes.find` per needle ~90 passes."""

    def __init__(self, needles: Iterable[tuple[bytes, Tag]], group: int = _GROUP) -> None:
        tags: dict[bytes, list[Tag]] = {}
        for needle, tag in needles:
            if needle:
                tags.setdefault(needle, []).append(tag)
        self.needles = tuple(tags)
        self._tags = tuple(tuple(found) for found in tags.values())
        words = sorted(self.needles)
        self._groups = tuple(
            BytesAhoCorasick(  # the automaton only confirms Teddy's candidates: an NFA
                words[at : at + group],
                matchkind=MATCHKIND_LEFTMOST_FIRST,
                implementation=Implementation.ContiguousNFA,
            )
            for at in range(0, len(words), group)
        )
        self._every = (
            BytesAhoCorasick(list(self.needles), implementation=Implementation.ContiguousNFA)
            if self.needles
            else None
        )
        self._reach = max(map(len, self.needles), default=0) - 1

    def __bool__(self) -> bool:
        return self._every is not None

    def hits(self, data: bytes | memoryview) -> Iterator[tuple[int, Tag]]:
        """(start, tag) of every needle occurrence that lies wholly in `data`, in order of
        start. `data` is searched in parts of `_PART` bytes (each with the longest needle's
        reach past its end, an occurrence counted in the part where it starts), so what is
        held at a time is bounded whatever the number of hits."""
        if self._every is None:
            return
        tags, every, reach = self._tags, self._every, self._reach
        for at in range(0, len(data), _PART):
            part = data[at : at + _PART + reach]
            candidates = [group.find_matches_as_indexes(part) for group in self._groups]
            count = sum(map(len, candidates))
            if not count:
                continue
            merged = [[0, len(part)]]  # many hits: the whole part is their neighbourhood
            if count <= _MANY:
                windows = sorted(
                    (start, end + reach) for found in candidates for _i, start, end in found
                )
                merged = [list(windows[0])]
                for start, end in windows:
                    if start <= merged[-1][1]:  # overlapping or touching: one window
                        merged[-1][1] = max(merged[-1][1], end)
                    else:
                        merged.append([start, end])
            found = sorted(
                (low + start, index)
                for low, high in merged
                for index, start, _end in every.find_matches_as_indexes(
                    part[low:high], overlapping=True
                )
                if low + start < _PART
            )
            for start, index in found:
                for tag in tags[index]:
                    yield at + start, tag


class Patterns:
    """The fingerprints compiled once; each member gets its own `StreamMatcher` over them."""

    def __init__(self, fingerprints: Iterable[Fingerprint], *, window: int = 1024) -> None:
        self.families = tuple(fingerprints)
        self.window = window
        literals: set[bytes] = set()
        code: set[bytes] = set()
        for fp in self.families:
            for literal in fp.strings:
                if len(literal) > window:
                    raise ValueError(f"{fp.id}: an evidence string is longer than {window} bytes")
                if SEPARATOR in literal:
                    raise ValueError(f"{fp.id}: an evidence string has the separator byte 0xFF")
                literals.add(literal)
                if fp.in_code:
                    code.add(literal)
        self.literals = tuple(sorted(literals, key=lambda b: (-len(b), b)))  # specific first
        self.code_keys = KeySearch(  # what machine code is searched for: a few needles, each
            # its own pass (one needle is a SIMD memmem, ~0.05 ms a MB of code; two in one
            # automaton ran at ~3 ms a MB over x86-64 code)
            (
                (literal, ("literal", k))
                for k, literal in enumerate(self.literals)
                if literal in code
            ),
            group=1,
        )
        owners: dict[tuple[bytes, str], list[tuple[int, bool]]] = {}
        first: dict[tuple[bytes, str], VersionRule] = {}
        for index, fp in enumerate(self.families):
            for rule in fp.versions:
                key = (rule.regex, rule.encoding)
                owners.setdefault(key, []).append((index, rule.hint))
                first.setdefault(key, rule)
        self.rules = tuple(
            Rule(
                re.compile(key[0], re.DOTALL),
                re.compile(first[key].anchor or b"", re.DOTALL) if first[key].anchor else None,
                key[1],
                tuple(found),
            )
            for key, found in owners.items()
        )
        self.triggers = {
            index: start
            for index, rule in enumerate(self.rules)
            if rule.anchor is None
            and len(start := literal_start(rule.regex.pattern)) >= _MIN_TRIGGER
        }
        # a rule with an anchor runs around the anchor's hits; where the anchor starts with
        # a few literals the one search finds where it can start (else the anchor is a pass)
        self.anchored = {
            index: starts
            for index, rule in enumerate(self.rules)
            if rule.anchor is not None
            and (starts := literal_prefixes(rule.anchor.pattern))
            and len(starts[0]) >= _MIN_ANCHOR
        }
        self.keys = KeySearch(
            [(literal, ("literal", k)) for k, literal in enumerate(self.literals)]
            + [(start, ("rule", index)) for index, start in self.triggers.items()]
            + [
                (start, ("anchor", index))
                for index, starts in self.anchored.items()
                for start in starts
            ]
        )
        # a candidate is at most 19 bytes and ends where its anchor (its last component) does
        self.generic = Rule(
            re.compile(_GENERIC_VERSION),
            re.compile(_GENERIC_ANCHOR),
            "ascii",
            (),
            reach=24,
            ends_at_anchor=True,
        )
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
