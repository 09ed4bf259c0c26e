"""Which byte ranges of a binary can hold strings, read from the headers at its start.

The fingerprint matcher searches text (evidence strings, version strings) only where a linker
puts data: every byte is a string byte unless its headers say it is machine code (`CODE`:
searched for the few fingerprints that are machine code, libffi's) or a symbol, relocation or
unwind table (`SKIP`). The ranges come from what precedes the bulk of the bytes in the stream:

* ELF executables and shared objects: the executable `PT_LOAD` segments of the program headers,
  only when the layout keeps data out of them (a separate read-only segment exists and the
  executable one does not start with the file, as `ld -z separate-code`, lld and mold lay it
  out); otherwise nothing is classified and everything is searched.
* ELF relocatable objects (the members of `ar` archives): their sections (the section table is
  at the end, so the caller holds the whole object): executable sections are `CODE`; `.symtab`,
  `.rel*`, `.rela*`, `.eh_frame` and the section table itself are `SKIP` (`.strtab` and
  `.shstrtab` are searched: symbol and section names are evidence too).
* Mach-O (thin, each universal slice, objects): sections with instructions are `CODE`; the
  symbol table entries and relocations are `SKIP`.
* PE images and COFF objects: sections flagged as code or executable are `CODE`; COFF
  relocations and symbol records are `SKIP`.

Each function takes the first bytes of the (sub-)file and its size, and returns sorted,
non-overlapping `(start, end, kind)` ranges relative to its start; a header it cannot read
gives no ranges (everything is searched). `needed` says how many bytes a planner needs.
"""

from __future__ import annotations

import struct

from licscan.read.binary.sniff import ELF, MACHO, PE

CODE = "code"
SKIP = "skip"
COFF = "coff"  # a COFF object (a member of a Windows .lib archive)

Range = tuple[int, int, str]
Buffer = bytes | memoryview  # the held bytes of a (sub-)file

_HEAD = 64  # enough bytes to tell the format and the size of the headers
_COFF_MACHINES = {0x14C, 0x8664, 0xAA64, 0x1C0, 0x1C4, 0xA641}
_MACHO_INSTRUCTIONS = 0x80000000 | 0x400  # S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS
_MACHO_ZEROFILL = {0x1, 0xC, 0x12}
_PE_CODE = 0x20 | 0x20000000  # IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE
_ELF_SKIP_TYPES = {2, 4, 9}  # SHT_SYMTAB, SHT_RELA, SHT_REL
_MACHO_MAGICS = (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xfe\xed\xfa\xce")


def object_format(head: bytes) -> str | None:
    """The format of an `ar` member from its first bytes: ELF, Mach-O, COFF, or None."""
    if head[:4] == b"\x7fELF":
        return ELF
    if head[:4] in _MACHO_MAGICS:
        return MACHO
    if len(head) >= 20:
        machine, _sections, _stamp, _symbols, _count, optional = struct.unpack_from("<HHIIIH", head)
        if machine in _COFF_MACHINES and optional == 0:
            return COFF
    return None


def needed(fmt: str, head: Buffer, size: int) -> int | None:
    """Bytes of the file that `ranges` needs, or None: no plan possible. Asked again when
    more than `head` is needed, since a PE's section table lies where its header says."""
    if len(head) < min(_HEAD, size):
        return None
    try:
        if fmt == ELF:
            wide, order = head[4] == 2, "<" if head[5] == 1 else ">"
            (kind,) = struct.unpack_from(order + "H", head, 0x10)
            phoff, shoff, phent, phnum, shent, shnum = _elf_tables(head, wide, order)
            if kind == 1:  # ET_REL: the section table, at the end
                return shoff + shent * shnum if shoff else None
            return phoff + phent * phnum if phoff else None
        if fmt == MACHO:
            (sizeofcmds,) = struct.unpack_from(_macho_order(head) + "I", head, 20)
            return (32 if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf") else 28) + int(
                sizeofcmds
            )
        if fmt == PE:
            (pe_at,) = struct.unpack_from("<I", head, 0x3C)
            if len(head) < pe_at + 24:
                return int(pe_at) + 24  # then the section table's size is known
            pe_at, sections, optional = _pe_header(head)
            return pe_at + 24 + optional + 40 * sections
        if fmt == COFF:
            (sections,) = struct.unpack_from("<H", head, 2)
            return 20 + 40 * int(sections)
    except (struct.error, IndexError):
        return None
    return None


def ranges(fmt: str, data: Buffer, size: int) -> list[Range]:
    """The classified ranges of a file whose first `needed()` bytes are `data`."""
    try:
        if fmt == ELF:
            found = _elf(data)
        elif fmt == MACHO:
            found = _macho(data)
        elif fmt == PE:
            pe_at, sections, optional = _pe_header(data)
            found = _coff_sections(data, pe_at + 24 + optional, sections, relocations=False)
        elif fmt == COFF:
            found = _coff(data)
        else:
            return []
    except (struct.error, IndexError, ValueError):
        return []
    return _clean(found, size)


def _clean(found: list[Range], size: int) -> list[Range]:
    """Sorted, clipped to the file, overlaps dropped (the earlier range wins), neighbours of
    the same kind merged."""
    out: list[Range] = []
    top, last = 0, ""  # the end and kind of the last range kept
    for start, end, kind in sorted(found):
        if start < 0:
            start = 0
        if end > size:
            end = size
        if start >= end or start < top:
            continue
        if out and top == start and last == kind:
            out[-1] = (out[-1][0], end, kind)
        else:
            out.append((start, end, kind))
        top, last = end, kind
    return out


def _elf_tables(head: Buffer, wide: bool, order: str) -> tuple[int, int, int, int, int, int]:
    if wide:
        phoff, shoff = struct.unpack_from(order + "QQ", head, 0x20)
        phent, phnum, shent, shnum = struct.unpack_from(order + "HHHH", head, 0x36)
    else:
        phoff, shoff = struct.unpack_from(order + "II", head, 0x1C)
        phent, phnum, shent, shnum = struct.unpack_from(order + "HHHH", head, 0x2A)
    return int(phoff), int(shoff), int(phent), int(phnum), int(shent), int(shnum)


def _elf(data: Buffer) -> list[Range]:
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    (kind,) = struct.unpack_from(order + "H", data, 0x10)
    phoff, shoff, phent, phnum, shent, shnum = _elf_tables(data, wide, order)
    if kind == 1:
        return _elf_sections(data, wide, order, shoff, shent, shnum)
    loads = []
    for k in range(phnum):
        if wide:
            ptype, flags, offset, _va, _pa, filesz = struct.unpack_from(
                order + "IIQQQQ", data, phoff + k * phent
            )
        else:
            ptype, offset, _va, _pa, filesz, _mem, flags = struct.unpack_from(
                order + "IIIIIII", data, phoff + k * phent
            )
        if ptype == 1:  # PT_LOAD
            loads.append((int(offset), int(offset + filesz), int(flags)))
    if not any(flags == 4 for _start, _end, flags in loads):  # no read-only data segment
        return []
    headers_end = phoff + phent * phnum
    return [(start, end, CODE) for start, end, flags in loads if flags & 1 and start >= headers_end]


# (sh_name, sh_type, sh_flags, sh_offset, sh_size) of an Elf64_Shdr / Elf32_Shdr
_SHDR = {
    (wide, order): struct.Struct(order + ("IIQ8xQQ24x" if wide else "III4xII16x"))
    for wide in (True, False)
    for order in "<>"
}


def _elf_sections(
    data: Buffer, wide: bool, order: str, shoff: int, shent: int, shnum: int
) -> list[Range]:
    entry = _SHDR[wide, order]
    if shent != entry.size:
        return []
    end = shoff + shent * shnum
    (shstrndx,) = struct.unpack_from(order + "H", data, 0x3E if wide else 0x32)
    names = entry.unpack_from(data, shoff + shent * shstrndx)[3] if shstrndx < shnum else -1
    found: list[Range] = [(shoff, end, SKIP)]  # the table itself
    add = found.append
    for name_at, stype, flags, offset, size in entry.iter_unpack(data[shoff:end]):
        if stype == 1:  # SHT_PROGBITS: code if SHF_EXECINSTR
            if flags & 4:
                add((offset, offset + size, CODE))
            elif data[names + name_at : names + name_at + 10] == b".eh_frame\0":
                add((offset, offset + size, SKIP))  # call-frame tables
        elif (
            stype in _ELF_SKIP_TYPES
            or (  # symbols, relocations; SHT_X86_64_UNWIND
                stype == 0x70000001
                and data[names + name_at : names + name_at + 10] == b".eh_frame\0"
            )
        ):
            add((offset, offset + size, SKIP))
    return found


_ELF_REL_HEADER = {  # e_type, e_shoff, e_shentsize, e_shnum, e_shstrndx
    (True, "<"): struct.Struct("<16xH22xQ10xHHH"),
    (True, ">"): struct.Struct(">16xH22xQ10xHHH"),
    (False, "<"): struct.Struct("<16xH14xI10xHHH"),
    (False, ">"): struct.Struct(">16xH14xI10xHHH"),
}


def elf_object(data: Buffer, size: int, cap: int) -> list[Range] | None:
    """`needed` and `ranges` in one step for an ELF relocatable object (an `ar` member) whose
    bytes `data` are all there: its ranges ([] when its headers end beyond `cap`), or None
    when it is no such object or its section table lies beyond `data` (then the general
    steps decide)."""
    try:
        wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
        kind, shoff, shent, shnum, _names = _ELF_REL_HEADER[wide, order].unpack_from(data)
    except (struct.error, IndexError):
        return None
    need = shoff + shent * shnum
    if kind != 1 or not shoff or need > len(data) or len(data) < min(_HEAD, size):
        return None
    if need > cap:
        return []
    try:
        found = _elf_sections(data, wide, order, shoff, shent, shnum)
    except (struct.error, IndexError, ValueError):
        return []
    return _clean(found, size)


def _macho_order(head: Buffer) -> str:
    return "<" if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe") else ">"


def _macho(data: Buffer) -> list[Range]:
    order = _macho_order(data)
    wide = data[:4] in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf")
    (ncmds,) = struct.unpack_from(order + "I", data, 16)
    at = 32 if wide else 28
    found: list[Range] = []
    for _ in range(min(ncmds, 4096)):
        cmd, cmdsize = struct.unpack_from(order + "II", data, at)
        if cmd in (0x19, 0x1) and (cmd == 0x19) == wide:  # LC_SEGMENT_64 / LC_SEGMENT
            (nsects,) = struct.unpack_from(order + "I", data, at + (64 if wide else 48))
            section = at + (72 if wide else 56)
            for _k in range(nsects):
                fields = struct.unpack_from(
                    order + ("QQIIIII" if wide else "IIIIIII"), data, section + 32
                )
                size, offset, _align, reloff, nreloc, flags = (int(v) for v in fields[1:])
                if flags & _MACHO_INSTRUCTIONS and flags & 0xFF not in _MACHO_ZEROFILL and offset:
                    found.append((offset, offset + size, CODE))
                if nreloc:
                    found.append((reloff, reloff + 8 * nreloc, SKIP))
                section += 80 if wide else 68
        elif cmd == 0x2:  # LC_SYMTAB: the nlist entries (the string table is searched)
            symoff, nsyms = struct.unpack_from(order + "II", data, at + 8)
            found.append((int(symoff), int(symoff + nsyms * (16 if wide else 12)), SKIP))
        if cmdsize < 8:
            break
        at += cmdsize
    return found


def _pe_header(head: Buffer) -> tuple[int, int, int]:
    (pe_at,) = struct.unpack_from("<I", head, 0x3C)
    (sections,) = struct.unpack_from("<H", head, pe_at + 6)
    (optional,) = struct.unpack_from("<H", head, pe_at + 20)
    return int(pe_at), int(sections), int(optional)


def _coff(data: Buffer) -> list[Range]:
    _machine, sections, _stamp, symbols, count = struct.unpack_from("<HHIII", data)
    found = _coff_sections(data, 20, sections, relocations=True)
    if symbols:
        found.append((int(symbols), int(symbols + 18 * count), SKIP))
    return found


def _coff_sections(data: Buffer, table: int, count: int, *, relocations: bool) -> list[Range]:
    found: list[Range] = []
    for k in range(count):
        _vsize, _va, raw_size, raw_at, reloc_at, _lines, nreloc, _nlines, flags = (
            struct.unpack_from("<IIIIIIHHI", data, table + 40 * k + 8)
        )
        if flags & _PE_CODE and raw_at:
            found.append((int(raw_at), int(raw_at + raw_size), CODE))
        if relocations and nreloc:
            found.append((int(reloc_at), int(reloc_at + 10 * nreloc), SKIP))
    return found
