"""The matcher's search primitives (`patterns.KeySearch`, anchors' literal starts) against
plain regex searches over the same bytes: what they find must be exactly what `re` finds."""

from __future__ import annotations

import random
import re

import pytest

from licscan.read.binary import Patterns, StreamMatcher
from licscan.read.binary.patterns import KeySearch, literal_prefixes
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
        for needle in set(needles):
            starts = [at for at, found in hits if found == needle]
            assert starts == sorted(starts)  # in order of start for each needle
    view = memoryview(b"xx" + b"ab" * 5 + b"yy")[2:-2]  # a view of a larger buffer
    found = {(at, needles[index]) for at, (_kind, index) in search.hits(view)}
    assert found == _every_occurrence(needles, bytes(view))


def test_key_search_tags_and_empty_cases() -> None:
    search = KeySearch([(b"abc", ("literal", 0)), (b"abc", ("rule", 3)), (b"", ("literal", 1))])
    assert sorted(search.hits(b"xabcabc")) == [
        (1, ("literal", 0)),
        (1, ("rule", 3)),
        (4, ("literal", 0)),
        (4, ("rule", 3)),
    ]
    assert search.hits(b"") == [] and search.hits(b"ab") == []
    nothing = KeySearch([])
    assert not nothing and nothing.hits(b"abc") == []


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
    assert patterns.anchored  # zlib, bzip2 and Tk run around their anchors' literal starts
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
