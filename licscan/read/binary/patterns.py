"""The fingerprints compiled once for the stream matcher (`matcher.py`).

Evidence strings and the literal starts of version rules ("OpenSSL ", "expat_", ...) are all
found in one regex pass, `KeySearch`: each needle is searched by a short key at its rarest
bytes (by the byte frequencies of real binaries' string sections), all keys in one trie-shaped
regex, and each key hit is checked against the whole needle. That replaces one `bytes.find`
per string (~90 passes) and one pass per rule. The rules without a literal start of 3 bytes run
as their own regex, or only around the hits of their cheap `anchor`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from licscan.read.binary.bytefreq import PER_MIB
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
_KEY = 4  # bytes of a needle its key search looks for
_MIN_TRIGGER = 3  # a rule whose literal start is shorter runs as its own pass
_PASS_COST = 10_000  # a pass costs about as much as this many key attempts per MiB (measured)


@dataclass(frozen=True)
class Rule:
    regex: re.Pattern[bytes]
    anchor: re.Pattern[bytes] | None
    encoding: str
    owners: tuple[tuple[int, bool], ...]  # (family index, is a hint)
    reach: int = 96  # bytes around an anchor hit in which the full rule runs
    ends_at_anchor: bool = False  # every match ends where an anchor hit ends


def _trie(words: list[bytes]) -> bytes:
    """A regex source matching each of `words`, the longest where one is a prefix of another."""
    ends = b"" in words
    branches: dict[int, list[bytes]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    parts = []
    for first in sorted(branches):
        rest = branches[first]
        head = re.escape(bytes([first]))
        parts.append(head + re.escape(rest[0]) if len(rest) == 1 else head + _trie(rest))
    if not parts:
        return b""
    body = parts[0] if len(parts) == 1 and not ends else b"(?:" + b"|".join(parts) + b")"
    return body + b"?" if ends else body


def literal_regex(literals: Iterable[bytes]) -> re.Pattern[bytes] | None:
    """One regex for all `literals` (None for none): at each position the longest one."""
    words = sorted(set(literals))
    return re.compile(_trie(words), re.DOTALL) if words else None


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


Tag = tuple[str, int]  # ("literal", index into Patterns.literals) or ("rule", rule index)


class KeySearch:
    """Every occurrence of a set of needles, in a few regex passes keyed on rare bytes.

    Each pass looks for one byte value (CPython's `re` scans for a literal first byte in a
    tight loop) followed by the next bytes of the needles keyed on it, as one trie-shaped
    regex; a hit is then checked against each whole needle. The byte values are picked
    greedily, so that every needle contains one and the passes and hits cost least
    (`bytefreq.PER_MIB`): 9 passes for the bundled fingerprints, where a `bytes.find`
    per evidence string made ~90 and each version rule one more."""

    def __init__(self, needles: Iterable[tuple[bytes, Tag]]) -> None:
        entries = [(needle, tag) for needle, tag in needles if needle]
        chosen = _cover([needle for needle, _tag in entries])
        groups: dict[int, dict[bytes, list[_Entry]]] = {}
        for needle, tag in entries:
            at = min(
                (k for k in _key_starts(needle) if needle[k] in chosen),
                key=lambda k: PER_MIB[needle[k]],
            )
            # the pass matches the needle's whole rest from its key on: a key hit the rest
            # does not follow is dismissed inside the regex, not in Python
            keys = groups.setdefault(needle[at], {})
            keys.setdefault(needle[at:], []).append((needle, at, tag))
        self.passes: list[tuple[re.Pattern[bytes], dict[bytes, list[_Entry]]]] = []
        for keyed in groups.values():
            regex = literal_regex(keyed)
            assert regex is not None
            # the regex reports the longest rest at a position; shorter ones there prefix it
            candidates = {
                key: [entry for other in keyed if key.startswith(other) for entry in keyed[other]]
                for key in keyed
            }
            self.passes.append((regex, candidates))

    def hits(self, data: bytes | memoryview) -> list[tuple[int, Tag]]:
        """(start, tag) of every needle occurrence that lies wholly in `data`, in order of
        start for each needle."""
        out: list[tuple[int, Tag]] = []
        for regex, candidates in self.passes:
            search = regex.search
            match = search(data)
            while match is not None:
                at = match.start()
                for needle, offset, tag in candidates[match.group()]:
                    start = at - offset
                    if start >= 0 and data[start : start + len(needle)] == needle:
                        out.append((start, tag))
                match = search(data, at + 1)
        return out


_Entry = tuple[bytes, int, Tag]  # a needle, where its key starts in it, its tag


def _key_starts(needle: bytes) -> range:
    """Where a key of at least two bytes can start."""
    return range(max(1, len(needle) - 1))


def _cover(needles: list[bytes]) -> set[int]:
    """Byte values such that every needle has one where a key can start, cheap ones first."""
    chosen: set[int] = set()
    left = [{needle[k] for k in _key_starts(needle)} for needle in needles]
    while left:
        counts = Counter(b for values in left for b in values)  # needles each byte covers
        best = max(range(256), key=lambda b: counts[b] / (_PASS_COST + PER_MIB[b]))
        chosen.add(best)
        left = [values for values in left if best not in values]
    return chosen


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
        self.code_keys = KeySearch(  # what machine code is searched for
            (literal, ("literal", k)) for k, literal in enumerate(self.literals) if literal in code
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
        self.keys = KeySearch(
            [(literal, ("literal", k)) for k, literal in enumerate(self.literals)]
            + [(start, ("rule", index)) for index, start in self.triggers.items()]
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
