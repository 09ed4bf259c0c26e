"""The matcher's search primitives (`patterns.KeySearch`, anchors' literal starts) against
plain regex searches over the same bytes: what they find must be exactly what `re` finds."""

from __future__ import annotations

import random
import re

import pytest

from licscan.read.binary import Patterns, StreamMatcher
from licscan.read.binary.matcher import _MAX_ANCHOR_HITS
from licscan.read.binary.patterns import _PART, KeySearch, literal_prefixes
from tests.read.binaries import FPS


def _every_occurrence(needles: list[bytes], data: bytes) -> set[tuple[int, bytes]]:
    return {
        (m.start(), needle)
        for needle in needles
        for m in re.finditer(b"(?=" + re.escape(needle) + b")", data)
    }


def test_key_search_finds_every_overlapping_occurrence_of_many_needles() -> None:
    """Over a 3-letter alphabet the needles overlap each other, start inside each other and
    prefix each other everywhere; 150 of them make several leftmost-first groups."""
    rng = random.Random(11)
    alphabet = b"ab\x00"
    needles = sorted(
        {bytes(rng.choice(alphabet) for _ in range(rng.randrange(2, 9))) for _ in range(400)}
    )[:150]
    needles += [b"ab" * 40, b"a" * 7]  # a long needle: a wide neighbourhood
    search = KeySearch((needle, ("literal", k)) for k, needle in enumerate(needles))
    assert len(search.needles) == len(needles)
    for round_ in range(30):
        size = rng.choice([1, 2, 5, 100, 3000])
        data = bytes(rng.choice(alphabet + b"xyz") for _ in range(size))
        if round_ % 3 == 0:
            data = b"ab" * 60 + data
        hits = [(at, needles[index]) for at, (_kind, index) in search.hits(data)]
        assert len(hits) == len(set(hits))  # each occurrence once
        assert set(hits) == _every_occurrence(needles, data)
        assert [at for at, _needle in hits] == sorted(at for at, _needle in hits)  # in order
    view = memoryview(b"xx" + b"ab" * 5 + b"yy")[2:-2]  # a view of a larger buffer
    found = {(at, needles[index]) for at, (_kind, index) in search.hits(view)}
    assert found == _every_occurrence(needles, bytes(view))


def test_key_search_tags_and_empty_cases() -> None:
    search = KeySearch([(b"abc", ("literal", 0)), (b"abc", ("rule", 3)), (b"", ("literal", 1))])
    assert list(search.hits(b"xabcabc")) == [
        (1, ("literal", 0)),
        (1, ("rule", 3)),
        (4, ("literal", 0)),
        (4, ("rule", 3)),
    ]
    assert list(search.hits(b"")) == [] and list(search.hits(b"ab")) == []
    nothing = KeySearch([])
    assert not nothing and list(nothing.hits(b"abc")) == []


def test_key_search_across_its_parts() -> None:
    """Occurrences that start just before, at and after each part boundary, and a needle
    longer than the reach of the part before: each is found once."""
    needles = [b"needle", b"dle", b"e" * 40]
    search = KeySearch((needle, ("literal", k)) for k, needle in enumerate(needles))
    rng = random.Random(3)
    data = bytearray(rng.choice(b"xyz") for _ in range(3 * _PART + 100))
    for boundary in (_PART, 2 * _PART, 3 * _PART):
        for shift in (-45, -41, -6, -3, -1, 0, 1):
            at = boundary + shift
            data[at : at + 6] = b"needle"
    data[_PART - 20 : _PART + 20] = b"e" * 40
    hits = [(at, needles[index]) for at, (_kind, index) in search.hits(bytes(data))]
    assert len(hits) == len(set(hits))
    assert set(hits) == _every_occurrence(needles, bytes(data))


def test_literal_prefixes_of_anchors() -> None:
    assert literal_prefixes(rb"flate \d") == tuple(b"flate %d" % k for k in range(10))
    assert literal_prefixes(rb", \d{1,2}-[A-Z]") == tuple(b", %d" % k for k in range(10))
    assert literal_prefixes(rb"\+[0-9a-f]{16,64}\.") == tuple(
        b"+" + bytes([c]) for c in b"0123456789abcdef"
    )
    assert literal_prefixes(rb"\x00ab") == (b"\x00ab",)
    assert literal_prefixes(rb"ab{2}c") == (b"ab",)  # repeated: once is certain
    assert literal_prefixes(rb"abc?d") == (b"ab",)  # optional: stop before it
    for nothing in (rb"a|b", rb"ab?", rb"[^a]bc", rb"x{0,2}y", rb"x{,2}y", rb"\.(?<=\d\.)\d"):
        assert literal_prefixes(nothing) == (), nothing
    assert literal_prefixes(rb"[a-z][a-z]") == ()  # 676 literals: too many
    assert literal_prefixes(rb"\w\w") == ()  # a class it does not expand


_PLANTED = [
    b" inflate 1.2.13 Copyright 1995-2022 Mark Adler ",
    b" deflate 1.3.1 Copyright 1995-2024 Jean-loup Gailly and Mark Adler ",
    b"flate flate 1.2.11 Copyright",  # an anchor hit inside the match's reach
    b"\x001.0.8, 13-Jul-2019\x00",
    b"\x001.0.6, 6-Sept-2010\x00",  # no match: a four-letter month
    b", 1-Jan-2020\x00, 2-Feb-2021\x00",  # anchors with no version before them
    b"\x008.6.13+" + b"0123456789abcdef" * 2 + b".",
    b"\x009.0.1+abc.",  # too few hex digits
    b"+" * 20 + b"0123456789abcdef" * 5 + b".",
    b"OpenSSL 3.0.13 30 Jan 2024",
    b"GDBM version 1.23. ",
    b"expat_2.6.2",
    b"\x1b[200~\x008.2\x00",
]


@pytest.mark.parametrize("seed", range(6))
def test_every_version_rule_finds_what_finditer_finds(seed: int) -> None:
    patterns = Patterns(FPS)
    assert patterns.anchored  # zlib's rule runs around its anchor's literal starts
    rng = random.Random(seed)
    parts = []
    for _ in range(60):
        parts.append(bytes(rng.choice(b"0123456789.,-+ abcdefJanul\x00\xff") for _ in range(40)))
        if rng.random() < 0.4:
            parts.append(rng.choice(_PLANTED))
    data = b"".join(parts)
    expected: dict[int, set[str]] = {}
    for rule in patterns.rules:
        for match in rule.regex.finditer(data):
            value = match.group(1).decode(rule.encoding).strip("\x00 ")
            for index, hint in rule.owners:
                if not hint:
                    expected.setdefault(index, set()).add(value)
    matcher = StreamMatcher(patterns, slice_size=rng.choice([64, 300, 1 << 20]))
    at = 0
    while at < len(data):
        step = rng.choice([1, 17, 500, 4096])
        matcher.feed(data[at : at + step])
        at += step
    matcher.result()
    assert {index: set(values) for index, values in matcher.versions.items()} == expected


def test_an_anchor_with_more_hits_than_kept_falls_back_to_its_pass() -> None:
    """Past `_MAX_ANCHOR_HITS` literal starts in one pass, the anchor's regex runs: the same
    versions either way."""
    patterns = Patterns(FPS)
    filler = b" deflate 9 " * (_MAX_ANCHOR_HITS + 10)  # zlib's anchor, no version
    data = filler + b"\x001.0.8, 13-Jul-2019\x00" + filler + b" inflate 1.2.13 Copyright"
    assert b"flate \\d" in {rule.anchor.pattern for rule in patterns.rules if rule.anchor}
    matcher = StreamMatcher(patterns, slice_size=1 << 22)
    matcher.feed(data)
    matcher.result()
    assert {value for found in matcher.versions.values() for value in found} == {
        "1.0.8",
        "1.2.13",
    }
