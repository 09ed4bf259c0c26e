"""The `struct` ELF reader (`read/binary/elf.py`) answers as pyelftools does, on REAL binaries
(whole, through a small prefix, cut short, with damaged headers), and leaves the unusual to it."""

from __future__ import annotations

import random
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from licscan.read.binary import HeaderCollector, parsers
from licscan.read.binary.elf import fast_elf
from licscan.read.binary.headers import HeaderInfo
from licscan.read.binary.sparse import SparseFile
from tests.read.binaries import DYNLOAD, READLINE_SO, lib

REAL = [
    READLINE_SO,
    lib("libpython3.11", "libpython3.11.so.1.0"),
    "root/python3.11-minimal/usr/bin/python3.11",
    "bin/readline-static.stripped",
    f"{DYNLOAD}/_bz2.cpython-311-x86_64-linux-gnu.so",
    "bin/musl-static",
    lib("libedit2", "libedit.so.2.0.70"),
]
SMALL = {"prefix_cap": 4096, "range_cap": 4096, "shstr_slack": 256}  # most reads fall in gaps


def _collect(data: bytes, fast: bool, monkeypatch: pytest.MonkeyPatch, **caps: int) -> HeaderInfo:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(parsers, "fast_elf", lambda view, most: None)
        collector = HeaderCollector(len(data), **caps)
        view = memoryview(data)
        for at in range(0, len(data), 1 << 20):
            collector.feed(view[at : at + (1 << 20)])
        return collector.result()


def _elf_files(testbins: Path) -> Iterator[Path]:
    for path in sorted(testbins.glob("root/*/usr/lib/x86_64-linux-gnu/*.so*")):
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
            yield path


@pytest.mark.parametrize("rel", REAL)
def test_struct_reader_takes_ordinary_files(testbins: Path, rel: str) -> None:
    data = (testbins / rel).read_bytes()
    found = fast_elf(SparseFile({0: data}, len(data)), 100_000)
    assert found is not None, "an ordinary ELF file went to pyelftools"
    assert found[0] == ("x86_64",)


def test_same_answer_as_pyelftools_on_real_files(
    testbins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = list(_elf_files(testbins)) + [testbins / rel for rel in REAL]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        for caps in ({}, SMALL):
            fast = _collect(data, True, monkeypatch, **caps)
            assert fast == _collect(data, False, monkeypatch, **caps), (path, caps)
        cut = data[: len(data) // 3]
        assert _collect(cut, True, monkeypatch) == _collect(cut, False, monkeypatch), path


def test_same_answer_as_pyelftools_on_damaged_headers(
    testbins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes of the ELF header and the section table changed at random: whatever pyelftools
    makes of them (an answer, gaps, an error), the reader's answer is the same."""
    rng = random.Random(8)
    small = [rel for rel in REAL if (testbins / rel).stat().st_size < 1 << 20]
    assert len(small) >= 3
    for rel in small:
        data = (testbins / rel).read_bytes()
        (shoff,) = struct.unpack_from("<Q", data, 0x28)
        for _ in range(40):
            mutant = bytearray(data)
            for _k in range(rng.choice((1, 2, 4))):
                at = rng.choice((rng.randrange(16, 64), rng.randrange(shoff, len(data))))
                mutant[at] = rng.randrange(256)
            fast = _collect(bytes(mutant), True, monkeypatch)
            assert fast == _collect(bytes(mutant), False, monkeypatch), rel


def test_unusual_files_go_to_pyelftools(testbins: Path) -> None:
    data = bytearray((testbins / READLINE_SO).read_bytes())
    other = bytearray(data)
    other[0x12:0x14] = struct.pack("<H", 0xF7)  # EM_BPF: a machine the reader does not name
    assert fast_elf(SparseFile({0: bytes(other)}, len(other)), 100) is None
    no_sections = bytearray(data)
    no_sections[0x28:0x30] = bytes(8)  # e_shoff = 0
    assert fast_elf(SparseFile({0: bytes(no_sections)}, len(data)), 100) is None
    view = SparseFile({0: bytes(data[:4096])}, len(data))  # the headers lie in gaps
    assert fast_elf(view, 100) is None and view.gap_reads == 0  # pyelftools counts its own


def test_reading_an_ordinary_elf_does_not_import_pyelftools(testbins: Path) -> None:
    code = (
        "import sys; from tests.read.binaries import facts_of; from pathlib import Path; "
        f"facts = facts_of(Path({str(testbins / READLINE_SO)!r})); "
        "assert 'libtinfo.so.6' in facts.needed, facts; "
        "print(sorted(m for m in sys.modules if m.startswith('elftools')))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"
