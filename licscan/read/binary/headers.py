"""Bounded header collection: format, architectures, needed libraries, defined symbols.

`HeaderCollector` keeps the first `prefix_cap` bytes of a member (ELF `.dynsym`/`.dynstr`,
Mach-O load commands, PE headers sit there in practice) and, from the fixed-size header, plans
the few ranges that hold the rest: ELF `PT_DYNAMIC` and the section-header table with 64 KiB
before it (where `.shstrtab` sits), the start of every universal Mach-O slice, the PE import
and delay-import directories. Each range is capped, so at most about `prefix_cap + 4 MiB` is
kept whatever the member's size. The parsers (`parsers.py`) then read a `SparseFile` of them.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from licscan.read.binary import parsers
from licscan.read.binary.sniff import ELF, MACHO, MACHO_UNIVERSAL, PE, SNIFF_BYTES, sniff
from licscan.read.binary.sparse import SparseFile


@dataclass(frozen=True)
class HeaderInfo:
    """What a binary's headers say: format, architectures, needed libraries, defined symbols."""

    format: str | None
    architectures: tuple[str, ...] = ()
    needed: tuple[str, ...] = ()
    defined_symbols: tuple[str, ...] = ()
    bytes_kept: int = 0
    complete: bool = True  # False: the parser read bytes that were not captured, or failed
    error: str = ""


class HeaderCollector:
    """Feed one member's chunks in order; `result()` parses what was kept."""

    def __init__(
        self,
        size: int,
        *,
        prefix_cap: int = 8 << 20,
        range_cap: int = 1 << 20,
        shstr_slack: int = 64 << 10,
        slice_head: int = 256 << 10,
        max_symbols: int = 100_000,
        max_headers: int = 10_000,
    ) -> None:
        self.size = size
        self.max_headers = max_headers
        self.prefix_cap = prefix_cap
        self.range_cap = range_cap
        self.shstr_slack = shstr_slack
        self.slice_head = slice_head
        self.max_symbols = max_symbols
        self._prefix = bytearray()
        self._planned: list[tuple[int, int]] | None = None
        self._captured: dict[int, bytearray] = {}
        self._pos = 0
        self.format: str | None = None

    def feed(self, chunk: bytes | memoryview) -> None:
        view = memoryview(chunk)
        start = self._pos
        if len(self._prefix) < self.prefix_cap:
            self._prefix += view[: self.prefix_cap - len(self._prefix)]
        if self._planned is None and len(self._prefix) >= min(self.size, 64 << 10, self.prefix_cap):
            self._plan()
        for begin, end in self._planned or ():
            low, high = max(begin, start), min(end, start + len(view))
            if low < high and low >= len(self._prefix):
                captured = self._captured.setdefault(begin, bytearray())
                if begin + len(captured) == low:
                    captured += view[low - start : high - start]
        self._pos += len(view)

    def _add(self, plan: list[tuple[int, int]], offset: int, length: int) -> None:
        if 0 <= offset < self.size and length > 0:
            plan.append((offset, min(offset + min(length, self.range_cap), self.size)))

    def _plan(self) -> None:
        prefix = bytes(self._prefix)
        self.format = sniff(prefix[:SNIFF_BYTES])
        plan: list[tuple[int, int]] = []
        try:
            if self.format == ELF:
                self._plan_elf(prefix, plan)
            elif self.format == MACHO_UNIVERSAL:
                magic, count = struct.unpack_from(">II", prefix, 0)
                wide = magic == 0xCAFEBABF
                for k in range(min(count, 32)):
                    fields = struct.unpack_from(
                        ">iiQQ" if wide else ">iiII", prefix, 8 + k * (32 if wide else 20)
                    )
                    self._add(plan, fields[2], min(fields[3], self.slice_head))
            elif self.format == PE:
                for offset in parsers.pe_directory_offsets(prefix):
                    self._add(plan, offset, self.range_cap)
        except (struct.error, IndexError):
            pass  # a header cut short: parse what the prefix has
        self._planned = plan

    def _plan_elf(self, prefix: bytes, plan: list[tuple[int, int]]) -> None:
        wide, order = prefix[4] == 2, "<" if prefix[5] == 1 else ">"
        if wide:
            phoff, shoff = struct.unpack_from(order + "QQ", prefix, 0x20)
            phentsize, phnum, shentsize, shnum = struct.unpack_from(order + "HHHH", prefix, 0x36)
        else:
            phoff, shoff = struct.unpack_from(order + "II", prefix, 0x1C)
            phentsize, phnum, shentsize, shnum = struct.unpack_from(order + "HHHH", prefix, 0x2A)
        self._add(plan, phoff, phentsize * phnum)
        for k in range(phnum):
            at = phoff + k * phentsize
            if at + phentsize > len(prefix):
                break
            if wide:
                kind, _flags, offset, _va, _pa, filesz = struct.unpack_from(
                    order + "IIQQQQ", prefix, at
                )
            else:
                kind, offset, _va, _pa, filesz = struct.unpack_from(order + "IIIII", prefix, at)
            if kind in (2, 3):  # PT_DYNAMIC, PT_INTERP
                self._add(plan, offset, filesz)
        if shoff:
            start = max(0, shoff - self.shstr_slack)
            self._add(plan, start, shoff - start + shentsize * shnum)

    def result(self) -> HeaderInfo:
        if self._planned is None:
            self._plan()
        ranges: dict[int, bytes] = {0: bytes(self._prefix)}
        ranges.update((start, bytes(data)) for start, data in self._captured.items())
        kept = sum(len(data) for data in ranges.values())
        view = SparseFile(ranges, self.size)
        short = ""
        if self._pos < self.size:
            short = f"the member ended after {self._pos:,} of {self.size:,} bytes"
        absurd = _absurd(self.format, ranges[0], self.size, self.max_headers)
        if absurd:
            return HeaderInfo(self.format, bytes_kept=kept, complete=False, error=absurd)
        try:
            if self.format == ELF:
                found = parsers.parse_elf(view, self.max_symbols)
            elif self.format in (MACHO, MACHO_UNIVERSAL):
                found = parsers.parse_macho(view)
            elif self.format == PE:
                found = parsers.parse_pe(ranges[0], view, self.max_symbols)
            else:
                return HeaderInfo(self.format, bytes_kept=kept, complete=not short, error=short)
        except Exception as exc:  # a bad header must not stop the scan of an archive
            why = str(exc) or type(exc).__name__
            error = short or f"the headers could not be parsed: {why}"[:300]
            return HeaderInfo(self.format, bytes_kept=kept, complete=False, error=error)
        architectures, needed, symbols = found
        # macholib also reads section contents (gaps for it); its load commands come first
        gaps = view.gap_reads if self.format in (ELF, PE) else 0
        error = short or ("some header bytes lie beyond what was kept" if gaps else "")
        return HeaderInfo(self.format, architectures, needed, symbols, kept, not error, error)


def _absurd(fmt: str | None, prefix: bytes, size: int, max_headers: int) -> str:
    """Why the fixed header's counts or offsets are beyond reason ("" when they are not):
    more sections, segments or load commands than the limit binary_headers, or a table
    that starts past the end of the member. Such a binary is not parsed (nor would a
    loader load it); the reason is its facts' note."""
    try:
        counts: list[tuple[str, int]] = []
        offsets: list[tuple[str, int]] = []
        if fmt == ELF:
            wide, order = prefix[4] == 2, "<" if prefix[5] == 1 else ">"
            if wide:
                phoff, shoff = struct.unpack_from(order + "QQ", prefix, 0x20)
                _, phnum, _, shnum = struct.unpack_from(order + "HHHH", prefix, 0x36)
            else:
                phoff, shoff = struct.unpack_from(order + "II", prefix, 0x1C)
                _, phnum, _, shnum = struct.unpack_from(order + "HHHH", prefix, 0x2A)
            counts = [("segments", phnum), ("sections", shnum)]
            offsets = [("program header table", phoff), ("section header table", shoff)]
        elif fmt == MACHO:
            order = ">" if prefix[:2] == b"\xfe\xed" else "<"
            (ncmds,) = struct.unpack_from(order + "I", prefix, 16)
            counts = [("load commands", ncmds)]
        elif fmt == PE:
            (pe_at,) = struct.unpack_from("<I", prefix, 0x3C)
            (sections,) = struct.unpack_from("<H", prefix, pe_at + 6)
            counts = [("sections", sections)]
    except (struct.error, IndexError):
        return ""  # a header cut short: the parser says so
    for what, count in counts:
        if count > max_headers:
            return (
                f"the headers declare {count:,} {what}, more than the limit binary_headers "
                f"({max_headers:,}): not parsed"
            )
    for what, offset in offsets:
        if offset >= size > 0 and offset:
            return f"the {what} starts at {offset:,}, past the end of the member: not parsed"
    return ""
