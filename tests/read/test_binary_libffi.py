"""libffi's code evidence: the hand-written call glue of src/x86/unix64.S and src/aarch64/sysv.S.

libffi has no text at all, so a stripped static link is witnessed only by bytes of its code
(`in_code` strings, searched in executable sections). The aarch64 needle is checked against the
real libffi 3.4 that the Linux aarch64 cffi wheels link statically (tests/binaries/fetch.sh):
where it lies in `ffi_call_SYSV`, that the matcher finds it in code, and that no other binary of
the cache holds it.
"""

from __future__ import annotations

import dataclasses
import struct
from pathlib import Path

import pytest
from elftools.elf.constants import SH_FLAGS
from elftools.elf.elffile import ELFFile
from elftools.elf.sections import SymbolTableSection

from licscan.read.binary.matcher import describe
from tests.read.binaries import (
    CFFI_ARM,
    CFFI_ARM_OLD,
    FP_BY_ID,
    facts_of,
    lib,
    require_file,
)

LIBFFI = FP_BY_ID["libffi"]

# ffi_call_SYSV after the landing pad, the frame set-up and the x18 move that vary by version
# and build options; spelled here from the source, instruction by instruction.
SYSV_CALL = [
    ("a31301a9", "stp x3, x4, [x29, #16]"),  # save rvalue and flags
    ("a4003836", "tbz w4, #7, 1f"),  # AARCH64_FLAG_ARG_V_BIT
    ("e00740ad", "ldp q0, q1, [sp]"),
    ("e20f41ad", "ldp q2, q3, [sp, #32]"),
    ("e41742ad", "ldp q4, q5, [sp, #64]"),
    ("e61f43ad", "ldp q6, q7, [sp, #96]"),
    ("e00748a9", "1: ldp x0, x1, [sp, #128]"),  # 16 * N_V_ARG_REG
    ("e20f49a9", "ldp x2, x3, [sp, #144]"),
    ("e4174aa9", "ldp x4, x5, [sp, #160]"),
    ("e61f4ba9", "ldp x6, x7, [sp, #176]"),
]  # then "add sp, sp, #192" = ff 03 03 91: 0xFF is the matcher's separator
ARM_NEEDLE = bytes.fromhex("".join(code for code, _asm in SYSV_CALL))
BTI_C = bytes.fromhex("5f2403d5")  # hint #34


def _executable_section_at(elf: ELFFile, offset: int) -> str | None:
    for section in elf.iter_sections():
        start, size = section["sh_offset"], section["sh_size"]
        if section["sh_type"] != "SHT_NOBITS" and start <= offset < start + size:
            return section.name if section["sh_flags"] & SH_FLAGS.SHF_EXECINSTR else None
    return None


def test_the_aarch64_needle_is_in_the_fingerprints() -> None:
    assert ARM_NEEDLE in LIBFFI.strings and len(ARM_NEEDLE) >= 24
    assert LIBFFI.in_code and LIBFFI.min_strings == 1  # any one needle: one per architecture


@pytest.mark.parametrize(("rel", "lead"), [(CFFI_ARM, 0x24), (CFFI_ARM_OLD, 0x20)])
def test_needle_lies_in_ffi_call_sysv(testbins: Path, rel: str, lead: int) -> None:
    """Once in the file, in .text, `lead` bytes into ffi_call_SYSV (the build with BTI pads
    starts the function with `bti c`, the other straight with `stp x29, x30, [x1]`)."""
    path = require_file(testbins, rel)
    data = path.read_bytes()
    assert data.count(ARM_NEEDLE) == 1
    at = data.find(ARM_NEEDLE)
    with path.open("rb") as fh:
        elf = ELFFile(fh)
        assert elf["e_machine"] == "EM_AARCH64"
        symtab = elf.get_section_by_name(".symtab")
        assert isinstance(symtab, SymbolTableSection)
        (symbol,) = symtab.get_symbol_by_name("ffi_call_SYSV")
        text = elf.get_section_by_name(".text")
        assert text is not None and _executable_section_at(elf, at) == ".text"
        start = symbol["st_value"] - text["sh_addr"] + text["sh_offset"]
    assert at - start == lead and at + len(ARM_NEEDLE) <= start + symbol["st_size"]
    assert data[start : start + 4] == BTI_C if lead == 0x24 else data[start : start + 4] != BTI_C


@pytest.mark.parametrize("rel", [CFFI_ARM + ".stripped", CFFI_ARM_OLD + ".stripped"])
def test_stripped_copy_keeps_the_needle_in_code(testbins: Path, rel: str) -> None:
    path = require_file(testbins, rel)
    data = path.read_bytes()
    with path.open("rb") as fh:
        elf = ELFFile(fh)
        assert elf.get_section_by_name(".symtab") is None  # stripped
        assert _executable_section_at(elf, data.find(ARM_NEEDLE)) is not None


def _separate_code(path: Path, out: Path) -> Path:
    """The file with the program headers of a layout that keeps data out of the code segment
    (lld's, `ld -z separate-code`): its one `R E` segment (headers, .text, .rodata: the
    manylinux binutils layout, which the matcher searches whole) becomes `R` + `R E` (.text) +
    `R`, in the slots of its NOTE and GNU_STACK headers. The bytes are unchanged."""
    data = bytearray(path.read_bytes())
    with path.open("rb") as fh:
        elf = ELFFile(fh)
        text = elf.get_section_by_name(".text")
        assert text is not None
        start, end = text["sh_offset"], text["sh_offset"] + text["sh_size"]
        phoff, phent = elf["e_phoff"], elf["e_phentsize"]
        kinds = [segment["p_type"] for segment in elf.iter_segments()]
        (code,) = [i for i, s in enumerate(elf.iter_segments()) if s["p_flags"] == 5]
        code_end = elf.get_segment(code)["p_filesz"]
    layout = [
        (code, 0, start, 4),
        (kinds.index("PT_NOTE"), start, end, 5),
        (kinds.index("PT_GNU_STACK"), end, code_end, 4),
    ]
    for index, offset, stop, flags in layout:  # Elf64_Phdr: type, flags, offset, ..., filesz
        struct.pack_into("<II", data, phoff + index * phent, 1, flags)
        struct.pack_into("<Q", data, phoff + index * phent + 8, offset)
        struct.pack_into("<Q", data, phoff + index * phent + 32, stop - offset)
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("rel", [CFFI_ARM + ".stripped", CFFI_ARM_OLD + ".stripped"])
def test_found_in_separated_code_only_as_code(testbins: Path, tmp_path: Path, rel: str) -> None:
    """Where the layout separates code (as lld lays PBS's out), the needle is found in the
    code, and only because it is marked `in_code`."""
    path = _separate_code(require_file(testbins, rel), tmp_path / "_ctypes.so")
    bare = dataclasses.replace(LIBFFI, symbols=(), strings=(ARM_NEEDLE,))
    found = facts_of(path, fingerprints=[dataclasses.replace(bare, in_code=True)]).matches
    assert [(m.family, m.evidence) for m in found] == [("libffi", (describe(ARM_NEEDLE),))]
    assert facts_of(path, fingerprints=[dataclasses.replace(bare, in_code=False)]).matches == ()
    original = require_file(testbins, rel)  # searched whole: found either way
    assert facts_of(original, fingerprints=[dataclasses.replace(bare, in_code=False)]).matches


def _cache_files(testbins: Path) -> list[str]:
    return sorted(
        str(p.relative_to(testbins))
        for top in ("root", "bin", "wheelx")
        for p in (testbins / top).rglob("*")
        if p.is_file() and not p.is_symlink()
    )


def _x86_libffi(rel: str) -> bool:
    return rel.startswith(("root/libffi8/", "root/libffi-dev/", "bin/ffi-static"))


def _arm_libffi(rel: str) -> bool:
    return rel.startswith(f"{CFFI_ARM.rsplit('/', 1)[0]}/_cffi_backend") or rel.startswith(
        f"{CFFI_ARM_OLD.rsplit('/', 1)[0]}/_cffi_backend"
    )


def test_each_needle_only_where_its_libffi_is(testbins: Path) -> None:
    """Every binary of the cache (Debian packages, static links, macOS / Windows / aarch64
    wheels): the aarch64 needle only in the aarch64 libffi links, the x86-64 one only in
    Debian's libffi and the links of it."""
    require_file(testbins, CFFI_ARM)
    (x86,) = [s for s in LIBFFI.strings if s != ARM_NEEDLE]
    holders: dict[bytes, set[str]] = {x86: set(), ARM_NEEDLE: set()}
    files = _cache_files(testbins)
    for rel in files:
        data = (testbins / rel).read_bytes()
        for needle, found in holders.items():
            if needle in data:
                found.add(rel)
    assert holders[ARM_NEEDLE] == {rel for rel in files if _arm_libffi(rel)}
    assert len(holders[ARM_NEEDLE]) == 4  # two builds, each also stripped
    assert all(_x86_libffi(rel) for rel in holders[x86]), holders[x86]
    assert holders[x86] >= {lib("libffi8", "libffi.so.8.1.2"), "bin/ffi-static.stripped"}
