"""Formats, headers and streaming of binary evidence, on REAL binaries; bounded memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from licscan.read.binary import HeaderCollector, Patterns, StreamMatcher, sniff
from licscan.read.binary.sparse import SparseFile
from tests.read.binaries import (
    APSW_MAC,
    APSW_WIN,
    CRYPTO_MAC,
    CRYPTO_WIN,
    FPS,
    MSVC,
    READLINE_SO,
    chunks,
    facts_of,
    lib,
    symbols_of,
)


def test_sniff_synthetic_headers() -> None:
    assert sniff(b"\x7fELF\x02\x01\x01") == "elf"
    assert sniff(b"\xcf\xfa\xed\xfe" + bytes(28)) == "mach-o"
    assert sniff(b"\xca\xfe\xba\xbe\x00\x00\x00\x02") == "mach-o-universal"
    assert sniff(b"\xca\xfe\xba\xbe\x00\x00\x00\x34") is None  # Java class file, major 52
    assert sniff(b"!<arch>\n") == "ar"
    assert sniff(b"BC\xc0\xde") == "llvm-bitcode"
    assert sniff(b"MZ" + bytes(100)) is None  # MZ without a PE signature in reach
    assert sniff(b"#!/bin/sh\n") is None
    assert sniff(b"") is None


@pytest.mark.parametrize(
    ("rel", "fmt"),
    [
        (READLINE_SO, "elf"),
        ("bin/readline-static.stripped", "elf"),
        (lib("libreadline-dev", "libreadline.a"), "ar"),
        (CRYPTO_MAC, "mach-o-universal"),
        (APSW_MAC, "mach-o"),
        (CRYPTO_WIN, "pe"),
        (f"{MSVC}/vcruntime140.dll", "pe"),
    ],
)
def test_sniff_real(testbins: Path, rel: str, fmt: str) -> None:
    with open(testbins / rel, "rb") as fh:
        assert sniff(fh.read(4096)) == fmt
    assert facts_of(testbins / rel).format == fmt


def test_needed_libs_of_libreadline_include_libtinfo(testbins: Path) -> None:
    facts = facts_of(testbins / READLINE_SO)
    assert (facts.format, facts.architectures) == ("elf", ("x86_64",))
    assert "libtinfo.so.6" in facts.needed and "libc.so.6" in facts.needed
    assert facts.complete and facts.note == ""
    assert "rl_variable_dumper" in symbols_of(testbins / READLINE_SO)


def test_macho_universal_header(testbins: Path) -> None:
    facts = facts_of(testbins / CRYPTO_MAC)
    assert facts.format == "mach-o-universal"
    assert sorted(facts.architectures) == ["aarch64", "x86_64"]
    assert "/usr/lib/libSystem.B.dylib" in facts.needed
    assert not any("cryptography" in n for n in facts.needed)  # LC_ID_DYLIB is not a load
    assert facts.complete


def test_pe_imports(testbins: Path) -> None:
    facts = facts_of(testbins / CRYPTO_WIN)
    assert (facts.format, facts.architectures) == ("pe", ("x86_64",))
    assert "python3.dll" in facts.needed
    apsw = facts_of(testbins / APSW_WIN)
    assert "python311.dll" in apsw.needed and "KERNEL32.dll" in apsw.needed


def test_static_archive_is_scanned_without_headers(testbins: Path) -> None:
    facts = facts_of(testbins / lib("libreadline-dev", "libreadline.a"))
    assert facts.format == "ar" and facts.architectures == () and facts.needed == ()
    assert facts.match("gnu-readline") is not None


def test_elf_needed_beyond_a_small_prefix(testbins: Path) -> None:
    """PT_DYNAMIC of libpython is at ~6 MiB: the planned range gets it with a 1 MiB prefix."""
    path = testbins / lib("libpython3.11", "libpython3.11.so.1.0")
    collector = HeaderCollector(path.stat().st_size, prefix_cap=1 << 20)
    for data in chunks(path, 65536):
        collector.feed(data)
    info = collector.result()
    assert "libexpat.so.1" in info.needed and "libc.so.6" in info.needed
    assert info.bytes_kept < 2 << 20
    assert "Py_Initialize" in info.defined_symbols


def test_fat_and_pe_with_a_small_prefix(testbins: Path) -> None:
    for rel, must in [(CRYPTO_MAC, "/usr/lib/libSystem.B.dylib"), (CRYPTO_WIN, "python3.dll")]:
        path = testbins / rel
        collector = HeaderCollector(path.stat().st_size, prefix_cap=1 << 20)
        for data in chunks(path, 65536):
            collector.feed(data)
        info = collector.result()
        assert must in info.needed, (rel, info)
        assert info.bytes_kept <= 4 << 20
        if rel == CRYPTO_MAC:  # the second slice starts past the prefix
            assert sorted(info.architectures) == ["aarch64", "x86_64"]


def test_a_truncated_member_is_incomplete(testbins: Path) -> None:
    data = (testbins / READLINE_SO).read_bytes()
    collector = HeaderCollector(len(data))
    collector.feed(data[: len(data) // 2])
    info = collector.result()
    assert not info.complete and "ended after" in info.error


def test_garbage_after_a_magic_does_not_raise() -> None:
    for magic in (b"\x7fELF\x02\x01\x01", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe\0\0\0\x02"):
        data = magic + b"\xff" * (64 << 10)
        collector = HeaderCollector(len(data))
        collector.feed(data)
        info = collector.result()
        assert info.format is not None and info.needed == ()


def test_sparse_file_overlapping_ranges() -> None:
    view = SparseFile({0: b"abcdef", 4: b"efghij", 20: b"xyz"}, 20 << 20)
    view.seek(2)
    assert view.read(6) == b"cdefgh" and view.gap_reads == 0
    view.seek(8)
    assert view.read(4) == b"ij\0\0" and view.gap_reads == 1
    view.seek(0)
    assert view.read(10 << 20) == b"" and view.gap_reads == 2  # over the read cap


def _stream(path: Path, chunk: int, slice_size: int) -> dict[str, tuple[str | None, list[str]]]:
    matcher = StreamMatcher(Patterns(FPS), slice_size=slice_size)
    for data in chunks(path, chunk):
        matcher.feed(data)
    return {m.family: (m.version, sorted(m.evidence)) for m in matcher.result()}


@pytest.mark.parametrize("chunk", [1, 7, 4093, 1 << 20])
def test_chunking_does_not_change_results(testbins: Path, chunk: int) -> None:
    path = testbins / "bin/gdbm-static.stripped"
    reference = _stream(path, 1 << 20, 1 << 20)
    assert "gdbm" in reference
    assert _stream(path, chunk, 4096) == reference


def test_version_string_straddling_a_slice_boundary(testbins: Path) -> None:
    data = (testbins / "bin/gdbm-static.stripped").read_bytes()
    at = data.index(b"GDBM version ")
    for cut in (at + 3, at + 14, at + 17):
        matcher = StreamMatcher(Patterns(FPS), slice_size=cut)  # the first scan ends inside it
        matcher.feed(data)
        gdbm = next(m for m in matcher.result() if m.family == "gdbm")
        assert gdbm.version == "1.23", cut


def test_memory_bounded_on_200_mb(testbins: Path) -> None:
    data = (testbins / "bin/openssl-static.stripped").read_bytes()
    repeats = (200 << 20) // len(data) + 1
    patterns = Patterns(FPS)
    tracemalloc.start()
    matcher = StreamMatcher(patterns)
    collector = HeaderCollector(repeats * len(data))
    for _ in range(repeats):
        for offset in range(0, len(data), 1 << 16):
            piece = data[offset : offset + (1 << 16)]
            matcher.feed(piece)
            collector.feed(piece)
    found = matcher.result()
    collector.result()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "openssl-3" in {m.family for m in found}
    assert peak < 24 << 20, peak  # prefix cap 8 MiB + matcher ~3 MiB + parser


def test_macho_header_memory_bounded(testbins: Path) -> None:
    """macholib reads every section's contents; SparseFile's read cap keeps that bounded."""
    path = testbins / CRYPTO_MAC
    tracemalloc.start()
    collector = HeaderCollector(path.stat().st_size, prefix_cap=1 << 20)
    for data in chunks(path, 65536):
        collector.feed(data)
    info = collector.result()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert sorted(info.architectures) == ["aarch64", "x86_64"]
    assert peak < 12 << 20, peak  # the member is 21 MB
