"""Which bytes the matcher searches (regions, splitter) and how (KeySearch), on REAL binaries.

The evidence itself is pinned by the other binary tests; these check the parts: every byte is
handed on once and in order, code and tables are told apart where the headers say so, what is
held stays bounded, the one-pass key search finds what `in` finds, and streaming in any chunk
size gives the same result.
"""

from __future__ import annotations

import random
import re
import sys
import tracemalloc
from pathlib import Path

import pytest

from licscan.read.binary import Patterns, StreamMatcher, load_fingerprints, regions, sniff
from licscan.read.binary.patterns import SEPARATOR, KeySearch, literal_start
from licscan.read.binary.regions import CODE, SKIP
from licscan.read.binary.sniff import ELF
from licscan.read.binary.splitter import STRINGS, Splitter
from tests.read.binaries import APSW_MAC, APSW_WIN, CRYPTO_MAC, FPS, facts_of, lib

LIBBZ2_A = lib("libbz2-dev", "libbz2.a")
LIBFFI_A = lib("libffi-dev", "libffi.a")
LIBPYTHON = lib("libpython3.11", "libpython3.11.so.1.0")


def _split(path: Path, chunk: int = 1 << 20, hold_cap: int = 4 << 20) -> list[tuple[str, bytes]]:
    data = path.read_bytes()
    splitter = Splitter(sniff(data[:4096]), len(data), hold_cap=hold_cap)
    pieces = []
    for at in range(0, len(data), chunk):
        pieces += [(kind, bytes(view)) for kind, view in splitter.feed(data[at : at + chunk])]
    pieces += [(kind, bytes(view)) for kind, view in splitter.finish()]
    assert b"".join(piece for _kind, piece in pieces) == data  # every byte once, in order
    return pieces


def _sizes(pieces: list[tuple[str, bytes]]) -> dict[str, int]:
    sizes = dict.fromkeys((STRINGS, CODE, SKIP), 0)
    for kind, piece in pieces:
        sizes[kind] += len(piece)
    return sizes


@pytest.mark.parametrize("member", [LIBBZ2_A, LIBPYTHON, CRYPTO_MAC, APSW_MAC, APSW_WIN])
def test_pieces_cover_the_member_in_any_chunking(testbins: Path, member: str) -> None:
    reference = _sizes(_split(testbins / member))
    assert reference[CODE] > 0, reference  # each of these formats has code to pass over
    assert _sizes(_split(testbins / member, chunk=4093)) == reference


def test_ar_objects_code_and_tables(testbins: Path) -> None:
    pieces = _split(testbins / LIBBZ2_A)
    sizes = _sizes(pieces)
    assert sizes[STRINGS] < sizes[CODE] + sizes[SKIP]  # .text, .rela*, .symtab, .eh_frame
    strings = b"".join(piece for kind, piece in pieces if kind == STRINGS)
    assert b"bzip2/libbzip2: internal error number %d." in strings  # .rodata is searched
    assert not any(b"internal error number" in piece for kind, piece in pieces if kind != STRINGS)


def test_elf_without_a_separate_code_segment_is_searched_whole() -> None:
    data = bytearray(4096)  # an ELF64 ET_DYN whose only PT_LOAD is R+X from offset 0
    data[:16] = b"\x7fELF\x02\x01\x01" + bytes(9)
    data[0x10:0x12] = (3).to_bytes(2, "little")
    data[0x20:0x28] = (64).to_bytes(8, "little")  # e_phoff
    data[0x36:0x3A] = (56).to_bytes(2, "little") + (1).to_bytes(2, "little")
    data[64:72] = (1).to_bytes(4, "little") + (5).to_bytes(4, "little")  # PT_LOAD, R+X
    data[96:104] = (4096).to_bytes(8, "little")  # p_filesz
    splitter = Splitter("elf", len(data))
    pieces = splitter.feed(bytes(data)) + splitter.finish()
    assert {kind for kind, _view in pieces} == {STRINGS}


def test_held_bytes_are_bounded(testbins: Path) -> None:
    """An object larger than the hold cap is not classified: it streams past, searched whole."""
    path = testbins / LIBBZ2_A
    small = _sizes(_split(path, hold_cap=4096))
    assert small[CODE] < _sizes(_split(path))[CODE]
    data = path.read_bytes()
    tracemalloc.start()
    splitter = Splitter("ar", 40 * len(data), hold_cap=1 << 20)
    for _ in range(40):
        for at in range(0, len(data), 1 << 16):
            splitter.feed(data[at : at + (1 << 16)])
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 3 << 20, peak


def test_matcher_memory_bounded_with_regions(testbins: Path) -> None:
    data = (testbins / LIBPYTHON).read_bytes()
    repeats = (120 << 20) // len(data) + 1
    patterns = Patterns(FPS)
    tracemalloc.start()
    matcher = StreamMatcher(patterns, "elf", repeats * len(data))
    for _ in range(repeats):
        for at in range(0, len(data), 4 << 20):
            matcher.feed(memoryview(data)[at : at + (4 << 20)])
    found = matcher.result()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "cpython" in {m.family for m in found}
    assert peak < 8 << 20, peak


@pytest.mark.parametrize("member", [LIBBZ2_A, LIBFFI_A, APSW_WIN])
def test_same_facts_in_any_chunk_size(testbins: Path, member: str) -> None:
    reference = facts_of(testbins / member)
    assert reference.matches
    for chunk in (997, 65536 + 3):
        assert facts_of(testbins / member, chunk=chunk) == reference


@pytest.mark.parametrize("group", [32, 2, 1])  # 1: each needle its own pass (code_keys)
def test_key_search_finds_what_in_finds(group: int) -> None:
    needles = [b"PYTHONHOME", b"~/.inputrc", b"LANGUAGE", b"GUAGE", b"\xfd7zXZ\x00", b"ab"]
    search = KeySearch([(needle, ("literal", k)) for k, needle in enumerate(needles)], group=group)
    rng = random.Random(7)
    for _ in range(50):
        data = bytearray(rng.randbytes(2000))
        for _plant in range(rng.randrange(4)):
            needle = rng.choice(needles)
            at = rng.randrange(len(data) - len(needle))
            data[at : at + len(needle)] = needle
        hits = {(at, needles[index]) for at, (_kind, index) in search.hits(bytes(data))}
        expected = {
            (m.start(), needle)
            for needle in needles
            for m in re.finditer(b"(?=" + re.escape(needle) + b")", data)
        }
        assert hits == expected


def test_rule_literal_starts() -> None:
    assert literal_start(rb"OpenSSL (\d\.\d{1,2})") == b"OpenSSL "
    assert literal_start(b"\x1b\\[200~\x00(") == b"\x1b[200~\x00"
    assert literal_start(rb"\x1b") == b""  # a code: stop there
    assert literal_start(rb"expat_(\d)") == b"expat_"
    assert literal_start(rb"abc?d") == b"ab"
    assert literal_start(rb"ab|cd") == b""
    assert literal_start(rb" (?:de|in)flate") == b" "


def _can_match_separator(items: object) -> bool:
    """Whether a parsed regex (sre's parser) can match the separator byte anywhere."""
    if sys.version_info >= (3, 11):
        from re import _constants as c  # type: ignore[attr-defined]
    else:  # pragma: no cover
        import sre_constants as c
    byte = SEPARATOR[0]
    for op, arg in items:  # type: ignore[attr-defined]
        if op in (c.ANY, c.NOT_LITERAL) or (op == c.LITERAL and arg == byte):
            return True
        if op == c.IN:
            for kind, value in arg:
                if kind == c.NEGATE or (kind == c.LITERAL and value == byte):
                    return True
                if kind == c.RANGE and value[0] <= byte <= value[1]:
                    return True
                if kind == c.CATEGORY and "NOT" in str(value):
                    return True
        nested = []
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            nested = [arg[2]]
        elif op == c.SUBPATTERN:
            nested = [arg[3]]
        elif op == c.BRANCH:
            nested = list(arg[1])
        elif op == c.ASSERT:
            nested = [arg[1]]
        if any(_can_match_separator(sub) for sub in nested):
            return True
    return False


def test_no_bundled_rule_matches_the_separator() -> None:
    if sys.version_info >= (3, 11):
        from re import _parser as parser  # type: ignore[attr-defined]
    else:  # pragma: no cover
        import sre_parse as parser
    patterns = Patterns(load_fingerprints())
    rules = [*patterns.rules, patterns.generic]
    assert not [
        r.regex.pattern for r in rules if _can_match_separator(parser.parse(r.regex.pattern))
    ]
    assert _can_match_separator(parser.parse(rb"a.b"))  # the check itself works
    assert not any(SEPARATOR in literal for literal in patterns.literals)


@pytest.mark.parametrize("member", [LIBBZ2_A, LIBFFI_A, lib("libssl-dev", "libcrypto.a")])
def test_whole_elf_object_ranges_as_the_general_steps(testbins: Path, member: str) -> None:
    """`regions.elf_object` (one step for an `ar` object wholly in view) plans each object of
    a real static library as `needed` + `ranges` do, and leaves anything else to them."""
    data = (testbins / member).read_bytes()
    at, objects = 8, 0
    while at + 60 <= len(data):
        size = int(data[at + 48 : at + 58])
        obj = memoryview(data)[at + 60 : at + 60 + size]
        need = regions.needed(ELF, obj, size) if bytes(obj[:4]) == b"\x7fELF" else None
        fast = regions.elf_object(obj, size, 4 << 20)
        if need is None:
            assert fast is None
        else:
            objects += 1
            assert fast == regions.ranges(ELF, obj, size) != []
            assert regions.elf_object(obj, size, need - 1) == []  # headers beyond the cap
            assert regions.elf_object(obj[: need - 1], size, 4 << 20) is None  # table cut off
        at += 60 + size + (size & 1)
    assert objects > 5
