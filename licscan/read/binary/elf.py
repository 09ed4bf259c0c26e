"""ELF headers read with `struct`: machine, `DT_NEEDED` and the defined `.dynsym` names.

What `parsers.parse_elf` needs of an ELF file are a few fields; pyelftools parses each one
through `construct` and costs ~30 ms to import, more than the rest of a small scan's binary
evidence. `fast_elf` reads the same bytes the way pyelftools reads them (the same header,
segment and section records, the same 64-byte reads of C strings, so the sparse view counts
the same gaps) and gives the same answer for files of the ordinary shape. For anything else
(a read that is short or falls into a gap, extended section numbering, compressed sections,
a link pyelftools would refuse, a section kind it parses on creation, a machine missing from
`MACHINES`) it returns None and the caller asks pyelftools, whose answer (or error) stands.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from licscan.read.binary.sparse import SparseFile

# e_machine values of the architectures `parsers` names; others go to pyelftools
MACHINES = {
    62: "x86_64",
    183: "aarch64",
    3: "i686",
    40: "arm",
    21: "ppc64",
    20: "ppc",
    22: "s390x",
    243: "riscv",
    258: "loongarch64",
    8: "mips",
}
_ELF_SYM = {64: "IBBHQQ", 32: "IIIBBH"}  # Elf64_Sym, Elf32_Sym
_STRTAB, _SYMTAB, _DYNSYM, _DYNAMIC, _NOBITS, _NULL = 3, 2, 11, 6, 8, 0
_REL_SIZES = {(9, 64): 16, (4, 64): 24, (9, 32): 8, (4, 32): 12}  # SHT_REL / SHT_RELA
_HASH_TABLES = {5, 0x6FFFFFF6}  # SHT_HASH, SHT_GNU_HASH: parsed when pyelftools makes them
_NEEDS_STRTAB = {_SYMTAB, _DYNSYM, 0x6FFFFFFE, 0x6FFFFFFD}  # symbols, verneed, verdef
_NEEDS_SYMTAB = {0x6FFFFFFF, 5, 0x6FFFFFF6}  # versym, hash, GNU hash
# kinds pyelftools parses or links in ways not reproduced here: LDYNSYM, SYMTAB_SHNDX,
# SUNW_syminfo, the ARM/RISC-V attributes
_REFUSED = {0x6FFFFFF3, 18, 0x6FFFFFFC, 0x70000003}
_RELR = 19  # its entries are one word
_STRING_TAGS = {1, 14, 15, 29}  # NEEDED, SONAME, RPATH, RUNPATH: pyelftools reads their strings
_EITHER_TAG = 0x6000000F  # DT_SUNW_FILTER (a string) or DT_ANDROID_REL, by pyelftools' tables
_SHF_COMPRESSED = 0x800


class _Unusual(Exception):
    """The file is not of the shape this reader reproduces: pyelftools reads it."""


Parsed = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
Section = tuple[int, int, int, int, int, int, int]  # name, type, flags, offset, size, link, entsize


def fast_elf(view: SparseFile, max_symbols: int) -> Parsed | None:
    """(architectures, needed libraries, defined symbols) as `parsers.parse_elf` gives them
    through pyelftools, or None: then pyelftools must read the file."""
    gaps = view.gap_reads
    try:
        found = _read(view, max_symbols)
    except (_Unusual, struct.error, IndexError, UnicodeDecodeError):
        found = None
    if found is None or view.gap_reads != gaps:
        view.gap_reads = gaps  # pyelftools reads it again and counts its own gaps
        return None
    return found


def _exact(view: SparseFile, offset: int, size: int) -> bytes:
    view.seek(offset)
    data = view.read(size)
    if len(data) != size:
        raise _Unusual
    return data


def _cstring(view: SparseFile, offset: int) -> str:
    """pyelftools' `parse_cstring_from_stream` then `get_string`: 64-byte reads."""
    view.seek(offset)
    chunks = []
    while True:
        chunk, sep, _tail = view.read(64).partition(b"\0")
        chunks.append(chunk)
        if sep:
            return b"".join(chunks).decode("utf-8", errors="replace")
        if len(chunk) < 64:
            return ""


def _read(view: SparseFile, max_symbols: int) -> Parsed | None:
    ident = _exact(view, 0, 16)
    if ident[4] not in (1, 2) or ident[5] not in (1, 2):
        return None
    bits, order = (64 if ident[4] == 2 else 32), ("<" if ident[5] == 1 else ">")
    wide = bits == 64
    header = _exact(view, 16, 48 if wide else 36)
    fields = struct.unpack(order + ("HHIQQQIHHHHHH" if wide else "HHIIIIIHHHHHH"), header)
    machine, phoff, shoff = fields[1], fields[4], fields[5]
    phent, phnum, shent, shnum, shstrndx = fields[8:13]
    arch = MACHINES.get(machine)
    if arch is None or phnum == 0xFFFF or not shoff or not shnum or shnum >= 0xFF00:
        return None
    phdr = struct.Struct(order + ("IIQQQQQQ" if wide else "IIIIIIII"))
    shdr = struct.Struct(order + ("IIQQQQIIQQ" if wide else "IIIIIIIIII"))
    if (phnum and phent != phdr.size) or shent != shdr.size or shstrndx >= shnum:
        return None
    segments = []
    for k in range(phnum):
        values = phdr.unpack(_exact(view, phoff + k * phent, phent))
        ptype, offset, filesz = (
            (values[0], values[2], values[5]) if wide else (values[0], values[1], values[4])
        )
        segments.append((ptype, offset, filesz))
    sections = []
    for k in range(shnum):
        v = shdr.unpack(_exact(view, shoff + k * shent, shent))
        sections.append((v[0], v[1], v[2], v[4], v[5], v[6], v[9]))  # see `Section`
    names_at = sections[shstrndx][3]
    names = [_checked(view, sections, s, names_at, bits, order) for s in sections]
    needed = [
        name
        for ptype, offset, filesz in segments
        if ptype == 2  # PT_DYNAMIC
        for name in _needed(view, sections, offset, filesz, bits, order)
    ]
    by_name = {name: k for k, name in enumerate(names)}  # the last of a name, as pyelftools
    symbols: list[str] = []
    dynsym = by_name.get(".dynsym")
    if dynsym is not None and sections[dynsym][1] in (_SYMTAB, _DYNSYM):
        symbols = _defined(view, sections, sections[dynsym], bits, order, max_symbols)
    little = order == "<"
    if arch == "ppc64" and little:
        arch = "ppc64le"
    elif arch == "mips" and little:
        arch = "mipsel"
    elif arch == "riscv":
        arch += str(bits)
    return (arch,), tuple(needed), tuple(symbols)


def _checked(
    view: SparseFile, sections: list[Section], s: Section, names_at: int, bits: int, order: str
) -> str:
    """The section's name, after the checks and reads pyelftools makes when it creates it."""
    name = _cstring(view, names_at + s[0])
    kind, flags, offset, size, link, entsize = s[1:]
    if kind in _REFUSED or flags & _SHF_COMPRESSED or (kind == 1 and name == ".stab"):
        raise _Unusual
    linked = sections[link][1] if link < len(sections) else None
    if kind in _NEEDS_STRTAB and linked != _STRTAB:
        raise _Unusual
    if kind in _NEEDS_SYMTAB:
        if linked not in (_SYMTAB, _DYNSYM):
            raise _Unusual
        _symbol_table(sections[link])
    if kind in (_SYMTAB, _DYNSYM):
        _symbol_table(s)
    if kind == _DYNAMIC and linked not in (_STRTAB, _NOBITS, _NULL):
        raise _Unusual
    if kind in (9, 4) and entsize != _REL_SIZES[kind, bits]:
        raise _Unusual
    if kind == _RELR and entsize != bits // 8:
        raise _Unusual
    if kind in _HASH_TABLES:
        _hash_table(view, kind, offset, size, bits, order)
    return name


def _hash_table(view: SparseFile, kind: int, offset: int, size: int, bits: int, order: str) -> None:
    """The reads pyelftools makes when it creates a hash section: the whole table it parses
    (the counts, then the arrays they size), which must be there."""
    if kind == 5:  # SHT_HASH: nbuckets, nchains, buckets[nbuckets], chains[nchains]
        if size:
            buckets, chains = struct.unpack(order + "II", _exact(view, offset, 8))
            _exact(view, offset + 8, 4 * (buckets + chains))
        return
    # SHT_GNU_HASH: nbuckets, symoffset, bloom_size, bloom_shift, bloom[], buckets[]
    buckets, _symoffset, bloom, _shift = struct.unpack(order + "IIII", _exact(view, offset, 16))
    _exact(view, offset + 16, bloom * (bits // 8) + 4 * buckets)


def _symbol_table(s: Section) -> None:
    if s[6] <= 0 or s[4] % s[6]:
        raise _Unusual


def _needed(
    view: SparseFile, sections: list[Section], offset: int, filesz: int, bits: int, order: str
) -> list[str]:
    """DT_NEEDED names of the dynamic segment at `offset`, through the string table of the
    dynamic section that lies there (pyelftools' `DynamicSegment`)."""
    table = next((s for s in sections if s[1] == _DYNAMIC and s[3] == offset), None)
    if table is None or sections[table[5]][1] != _STRTAB:
        raise _Unusual  # pyelftools would look for DT_STRTAB through the segments
    strings = sections[table[5]][3]
    if not filesz:
        return []
    entry = struct.Struct(order + ("qQ" if bits == 64 else "iI"))
    found: list[str] = []
    string: Callable[[int], str] = lambda at: _cstring(view, strings + at)  # noqa: E731
    for n in range(1 << 20):
        tag, value = entry.unpack(_exact(view, offset + n * entry.size, entry.size))
        if tag == _EITHER_TAG:
            raise _Unusual
        if tag in _STRING_TAGS:
            text = string(value)
            if tag == 1:
                found.append(text)
        if tag == 0:
            return found
    raise _Unusual


def _defined(
    view: SparseFile,
    sections: list[Section],
    dynsym: Section,
    bits: int,
    order: str,
    max_symbols: int,
) -> list[str]:
    """The defined names of `.dynsym`, as `parsers` reads them (`struct`, not pyelftools)."""
    entry = struct.Struct(order + _ELF_SYM[bits])
    strtab = sections[dynsym[5]]
    size = min(dynsym[4], max_symbols * entry.size * 2)
    if dynsym[6] != entry.size or strtab[4] > view.read_cap:
        raise _Unusual  # pyelftools would parse the symbols one by one
    view.seek(dynsym[3])
    table = view.read(size - size % entry.size)
    view.seek(strtab[3])
    strings = view.read(strtab[4])
    return symbol_names(entry, table, strings, bits, max_symbols)


def symbol_names(
    entry: struct.Struct, table: bytes, strings: bytes, bits: int, max_symbols: int
) -> list[str]:
    """The names of the defined symbols (not SHN_UNDEF) of a symbol table, at most
    `max_symbols`: `table` unpacked by `entry`, names looked up in the string table."""
    shndx_field = 3 if bits == 64 else 5
    names: list[str] = []
    for fields in entry.iter_unpack(table):
        at = fields[0]
        if fields[shndx_field] == 0 or not 0 < at < len(strings):  # SHN_UNDEF, no name
            continue
        end = strings.find(b"\0", at)
        name = strings[at : end if end >= 0 else len(strings)]
        if name:
            names.append(name.decode("utf-8", errors="replace"))
            if len(names) >= max_symbols:
                break
    return names
