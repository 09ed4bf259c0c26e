"""Header parsers over a `SparseFile`: pyelftools (ELF; `elf.py` first reads files of the
ordinary shape with `struct`), macholib (Mach-O), pefile (PE).

Each returns (architectures, needed libraries in file order, defined symbol names). Mach-O
gives no symbols (macholib has no export-trie reader; the string evidence does not need one).
Architectures use the names of the target triples: x86_64, aarch64, i686, arm, ...
"""

from __future__ import annotations

import struct
from typing import IO, Any, cast

from licscan.read.binary.elf import fast_elf, symbol_names
from licscan.read.binary.sparse import SparseFile

Parsed = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]

_ELF_ARCH = {
    "EM_X86_64": "x86_64",
    "EM_AARCH64": "aarch64",
    "EM_386": "i686",
    "EM_ARM": "arm",
    "EM_PPC64": "ppc64",
    "EM_PPC": "ppc",
    "EM_S390": "s390x",
    "EM_RISCV": "riscv",
    "EM_LOONGARCH": "loongarch64",
    "EM_MIPS": "mips",
}
_MACHO_ARCH = {"x86_64": "x86_64", "ARM64": "aarch64", "i386": "i686", "ARM": "arm"}
_PE_ARCH = {"AMD64": "x86_64", "ARM64": "aarch64", "I386": "i686", "ARMNT": "arm"}
_ELF_SYM = {64: "IBBHQQ", 32: "IIIBBH"}  # Elf64_Sym, Elf32_Sym
_MACHO_LOADS = {0xC, 0x80000018, 0x8000001F, 0x20, 0x80000023}  # LOAD, WEAK, REEXPORT, LAZY, UPWARD


def parse_elf(view: SparseFile, max_symbols: int) -> Parsed:
    found = fast_elf(view, max_symbols)  # the same answer without importing pyelftools
    if found is not None:
        return found
    from elftools.elf.dynamic import DynamicSegment
    from elftools.elf.elffile import ELFFile

    elf = ELFFile(cast(IO[bytes], view))
    needed: list[str] = []
    for segment in elf.iter_segments():
        if isinstance(segment, DynamicSegment):
            for tag in segment.iter_tags():
                if tag.entry.d_tag == "DT_NEEDED":
                    needed.append(str(getattr(tag, "needed", "")))
    symbols: list[str] = []
    dynsym = elf.get_section_by_name(".dynsym")
    if dynsym is not None and hasattr(dynsym, "iter_symbols"):
        fast = _defined_symbols(view, elf, dynsym, max_symbols)
        if fast is not None:
            symbols = fast
        else:
            for symbol in dynsym.iter_symbols():
                if symbol.entry.st_shndx != "SHN_UNDEF" and symbol.name:
                    symbols.append(symbol.name)
                    if len(symbols) >= max_symbols:
                        break
    machine = str(elf["e_machine"])
    arch = _ELF_ARCH.get(machine, machine.removeprefix("EM_").lower())
    if arch == "ppc64" and elf.little_endian:
        arch = "ppc64le"
    elif arch == "mips" and elf.little_endian:
        arch = "mipsel"
    elif arch == "riscv":
        arch += str(elf.elfclass)
    return (arch,), tuple(needed), tuple(symbols)


def _defined_symbols(view: SparseFile, elf: Any, dynsym: Any, max_symbols: int) -> list[str] | None:
    """The defined names of `.dynsym`, unpacked with `struct` (pyelftools parses each symbol
    through `construct`, ~25 µs apiece); None when the tables are not of the usual shape."""
    entry = struct.Struct(("<" if elf.little_endian else ">") + _ELF_SYM[elf.elfclass])
    strtab = elf.get_section(dynsym["sh_link"])
    size = min(dynsym["sh_size"], max_symbols * entry.size * 2)
    if dynsym["sh_entsize"] != entry.size or strtab["sh_size"] > view.read_cap:
        return None
    view.seek(dynsym["sh_offset"])
    table = view.read(size - size % entry.size)
    view.seek(strtab["sh_offset"])
    strings = view.read(strtab["sh_size"])
    return symbol_names(entry, table, strings, elf.elfclass, max_symbols)


def parse_macho(view: SparseFile) -> Parsed:
    from macholib.mach_o import CPU_TYPE_NAMES
    from macholib.MachO import MachO

    macho = MachO.__new__(MachO)  # MachO() insists on a path; load() takes a file object
    macho.graphident = macho.filename = "<stream>"
    macho.loader_path = "@loader_path"
    macho.fat = None
    macho.headers = []
    macho.allow_unknown_load_commands = True
    macho.load(view)
    architectures = []
    needed: list[str] = []
    for header in macho.headers:
        name = str(CPU_TYPE_NAMES.get(header.header.cputype, header.header.cputype))
        architectures.append(_MACHO_ARCH.get(name, name.lower()))
        for command, _body, data in header.commands:
            if command.cmd in _MACHO_LOADS:
                text = data if isinstance(data, bytes) else str(data).encode()
                library = text.decode("utf-8", "replace").rstrip("\0")
                if library not in needed:
                    needed.append(library)
    return tuple(architectures), tuple(needed), ()


def _pe_layout(
    prefix: bytes,
) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int]]]:
    """[(virtual address, virtual size, file offset, raw size)] and the data directories."""
    pe_at = struct.unpack_from("<I", prefix, 0x3C)[0]
    (sections,) = struct.unpack_from("<H", prefix, pe_at + 6)
    (optional_size,) = struct.unpack_from("<H", prefix, pe_at + 20)
    optional = pe_at + 24
    (magic,) = struct.unpack_from("<H", prefix, optional)
    directories_at = optional + (112 if magic == 0x20B else 96)
    (count,) = struct.unpack_from("<I", prefix, directories_at - 4)
    directories = [
        struct.unpack_from("<II", prefix, directories_at + 8 * k) for k in range(min(count, 16))
    ]
    table = []
    for k in range(sections):
        vsize, va, rsize, roff = struct.unpack_from(
            "<IIII", prefix, optional + optional_size + 40 * k + 8
        )
        table.append((va, vsize, roff, rsize))
    return table, directories


def _offset(rva: int, sections: list[tuple[int, int, int, int]]) -> int | None:
    for va, vsize, roff, rsize in sections:
        if va <= rva < va + max(vsize, rsize):
            return roff + (rva - va)
    return None


def pe_directory_offsets(prefix: bytes) -> list[int]:
    """File offsets of the import and delay-import directories."""
    sections, directories = _pe_layout(prefix)
    found = []
    for k in (1, 13):  # IMPORT, DELAY_IMPORT
        if k < len(directories) and directories[k][0]:
            offset = _offset(directories[k][0], sections)
            if offset is not None:
                found.append(offset)
    return found


def _pe_imports(view: SparseFile, prefix: bytes) -> list[str]:
    """DLL names from the import and delay-import descriptors, read through the sparse view."""
    sections, directories = _pe_layout(prefix)
    names: list[str] = []
    for k, size, name_field in ((1, 20, 12), (13, 32, 4)):
        if k >= len(directories) or not directories[k][0]:
            continue
        offset = _offset(directories[k][0], sections)
        if offset is None:
            continue
        for n in range(4096):
            view.seek(offset + n * size)
            descriptor = view.read(size)
            if len(descriptor) < size or descriptor == bytes(size):
                break
            (name_rva,) = struct.unpack_from("<I", descriptor, name_field)
            name_at = _offset(name_rva, sections)
            if name_at is None:
                continue
            view.seek(name_at)
            name = view.read(256).split(b"\0", 1)[0].decode("ascii", "replace")
            if name and name not in names:
                names.append(name)
    return names


def parse_pe(prefix: bytes, view: SparseFile, max_symbols: int) -> Parsed:
    import pefile

    pe = pefile.PE(data=prefix, fast_load=True)
    pe.parse_data_directories(
        directories=[
            pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
            pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"],
            pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_EXPORT"],
        ]
    )
    machine = str(pefile.MACHINE_TYPE.get(pe.FILE_HEADER.Machine, hex(pe.FILE_HEADER.Machine)))
    machine = machine.removeprefix("IMAGE_FILE_MACHINE_")
    needed = [d.dll.decode("ascii", "replace") for d in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]
    needed += [
        d.dll.decode("ascii", "replace") for d in getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", [])
    ]
    if not needed:  # the import tables lie beyond the prefix: read the planned ranges
        needed = _pe_imports(view, prefix)
    symbols: list[str] = []
    exports = getattr(pe, "DIRECTORY_ENTRY_EXPORT", None)
    if exports is not None:
        symbols = [
            s.name.decode("ascii", "replace") for s in exports.symbols[:max_symbols] if s.name
        ]
    return (_PE_ARCH.get(machine, machine.lower()),), tuple(needed), tuple(symbols)
