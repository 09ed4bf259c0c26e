"""A member's chunks, split into string, code and skipped pieces as they stream past.

`Splitter.feed()` returns `(kind, bytes)` pieces in stream order, every byte exactly once;
`kind` is `STRINGS`, `regions.CODE` or `regions.SKIP`. To classify a (sub-)file it holds its
first bytes until the headers that describe it are in (`regions.needed`): the program headers
or load commands of a whole binary, each slice of a universal Mach-O, and each member of an
`ar` archive, where an ELF object's section table comes last, so the whole object is held.
What is held is copied (never a view that would keep the reader's 4 MiB block alive) and
capped at `hold_cap`: a larger header or object is not classified and is searched whole.
"""

from __future__ import annotations

import struct
from collections import deque
from collections.abc import Callable

from licscan.read.binary import regions
from licscan.read.binary.sniff import AR, ELF, MACHO, MACHO_UNIVERSAL, PE

STRINGS = "strings"
Piece = tuple[str, memoryview]
_AR_HEADER = 60
_HEAD = 64


class Splitter:
    """Classify the bytes of one member of format `fmt` and `size` bytes."""

    def __init__(self, fmt: str | None, size: int, *, hold_cap: int = 4 << 20) -> None:
        self.size = size
        self.hold_cap = hold_cap
        self._pos = 0  # bytes fed so far
        self._ranges: deque[regions.Range] = deque()  # absolute, sorted
        self._events: list[tuple[int, Callable[[int], int | None]]] = []
        self._held = bytearray()
        self._held_at = 0
        self._want = 0  # hold until this absolute offset, then run `_next`
        self._holding = False
        self._next: Callable[[], int | None] = lambda: None
        self._sub = (0, size, "")  # the (start, end, format) being planned
        if fmt in (ELF, MACHO, PE):
            self._events.append((0, lambda at: self._sub_start(at, size, fmt)))
        elif fmt == MACHO_UNIVERSAL:
            self._events.append((0, self._fat))
        elif fmt == AR:
            self._events.append((8, self._ar_member))

    def feed(self, chunk: bytes | memoryview) -> list[Piece]:
        out: list[Piece] = []
        view = memoryview(chunk).cast("B")
        while view:
            if self._holding:
                take = min(len(view), self._want - self._pos)
                self._held += view[:take]
                view, self._pos = view[take:], self._pos + take
                if self._pos >= self._want:
                    self._step(out)
                continue
            if self._events and self._events[0][0] <= self._pos:
                at, start = self._events.pop(0)
                if at == self._pos and start == self._ar_member:
                    used = self._ar_whole(view, out)
                    if used:
                        view = view[used:]
                        continue
                self._begin(at, start, out)
                continue
            take = min(len(view), self._events[0][0] - self._pos) if self._events else len(view)
            self._emit(self._pos, view[:take], out)
            view, self._pos = view[take:], self._pos + take
        return out

    def finish(self) -> list[Piece]:
        """The bytes still held when the member ends (searched whole)."""
        out: list[Piece] = []
        self._holding = False
        self._release(out)
        return out

    def _begin(self, at: int, start: Callable[[int], int | None], out: list[Piece]) -> None:
        self._held_at = self._pos
        self._held.clear()
        want = start(at) if at == self._pos else None
        self._hold(want, out)

    def _hold(self, want: int | None, out: list[Piece]) -> None:
        """Hold up to `want`, then run `_next`; None: release what is held."""
        if want is None or want - self._held_at > self.hold_cap or want > self.size:
            self._holding = False
            self._release(out)
            return
        self._want = want
        self._holding = True
        if self._pos >= want:
            self._step(out)

    def _step(self, out: list[Piece]) -> None:
        self._holding = False
        self._hold(self._next(), out)

    def _release(self, out: list[Piece]) -> None:
        if self._held:  # handed on as views of the buffer, which is replaced, not reused
            held, self._held = self._held, bytearray()
            self._emit(self._held_at, memoryview(held), out)
        self._held_at = self._pos

    def _data(self, start: int, end: int) -> bytes:
        return bytes(self._held[start - self._held_at : end - self._held_at])

    # the planning steps: each returns the next offset to hold to, or None

    def _sub_start(self, at: int, end: int, fmt: str) -> int | None:
        self._sub = (at, end, fmt)
        self._next = self._sub_head
        return min(at + _HEAD, end)

    def _sub_head(self) -> int | None:
        """Hold the sub-file until the headers `regions.needed` asks for are in, then plan."""
        start, end, fmt = self._sub
        with memoryview(self._held) as held:  # released before the buffer grows again
            head = held[start - self._held_at :]
            fmt = fmt or regions.object_format(bytes(head[:_HEAD])) or ""
            need = regions.needed(fmt, head, end - start) if fmt else None
            if need is None or need > end - start:
                return None
            self._sub = (start, end, fmt)
            if need > len(head):
                self._next = self._sub_head  # asked again with more bytes (PE: after e_lfanew)
                return start + need
            found = regions.ranges(fmt, head, end - start)
            del head
        self._ranges.extend((start + low, start + high, kind) for low, high, kind in found)
        return None

    def _fat(self, at: int) -> int | None:
        self._next = self._fat_slices
        return 8

    def _fat_slices(self) -> int | None:
        magic, count = struct.unpack(">II", self._data(0, 8))
        entry = 32 if magic == 0xCAFEBABF else 20
        if self._pos < 8 + count * entry:
            self._next = self._fat_slices
            return 8 + int(count) * entry
        table = self._data(8, 8 + count * entry)
        slices = []
        for k in range(count):
            fields = struct.unpack_from(">iiQQ" if entry == 32 else ">iiII", table, k * entry)
            slices.append((int(fields[2]), int(fields[2] + fields[3])))
        last = self._pos
        for low, high in sorted(slices):
            if low >= last and high <= self.size:
                self._events.append((low, self._slice(high)))
                last = high
        return None

    def _slice(self, end: int) -> Callable[[int], int | None]:
        return lambda at: self._sub_start(at, end, MACHO)

    def _ar_whole(self, view: memoryview, out: list[Piece]) -> int:
        """The `ar` members that lie wholly in `view` (from the stream position, where one
        starts), classified and handed on without holding them, in one run: the bytes used,
        or 0 (then the first is held as usual). The pieces are those `_emit` would give over
        the same ranges, with neighbouring string pieces joined."""
        base, total, cap = self._pos, len(view), self.hold_cap
        pos = cursor = 0  # where the member looked at starts; where the strings run starts
        while True:
            header = bytes(view[pos : pos + _AR_HEADER])
            if len(header) < _AR_HEADER or header[58:60] != b"`\n":
                break
            try:
                size = int(header[48:58])
                name_size = int(header[3:16]) if header[:3] == b"#1/" else 0
            except ValueError:
                break
            start, end = pos + _AR_HEADER + name_size, pos + _AR_HEADER + size
            if end > total or base + end > self.size or start > end:
                break
            obj = view[start:end]
            room = cap - (start - pos)  # as when held: larger headers are not read
            found = (
                regions.elf_object(obj, end - start, room)
                if obj[:4].tobytes() == b"\x7fELF"
                else None
            )
            if found is None:
                fmt = regions.object_format(bytes(obj[:_HEAD])) or ""
                need = regions.needed(fmt, obj, end - start) if fmt else None
                if need is not None and need <= len(obj) and start - pos + need <= cap:
                    found = regions.ranges(fmt, obj, end - start)
            for low, high, kind in found or ():
                low, high = start + low, start + high
                if low > cursor:
                    out.append((STRINGS, view[cursor:low]))
                out.append((kind, view[low:high]))
                cursor = high
            pos = end + ((base + end) & 1)
            if pos >= total:
                break
        used = min(pos, total)
        if not used:
            return 0
        if used > cursor:
            out.append((STRINGS, view[cursor:used]))
        self._events.insert(0, (base + pos, self._ar_member))
        self._pos = base + used
        return used

    def _ar_member(self, at: int) -> int | None:
        self._sub = (at, at, "")
        self._next = self._ar_header
        return at + _AR_HEADER if at + _AR_HEADER <= self.size else None

    def _ar_header(self) -> int | None:
        at = self._sub[0]
        header = self._data(at, at + _AR_HEADER)
        if header[58:60] != b"`\n":
            return None  # not an ar member header: search the rest whole
        try:
            size = int(header[48:58])
            name_size = int(header[3:16]) if header[:3] == b"#1/" else 0
        except ValueError:
            return None
        data = at + _AR_HEADER
        end = data + size
        self._events.append((end + (end & 1), self._ar_member))
        self._next = lambda: self._sub_start(data + name_size, end, "")
        return data + name_size

    def _emit(self, at: int, view: memoryview, out: list[Piece]) -> None:
        """`view` (the bytes at `at`) cut by the known ranges."""
        end = at + len(view)
        ranges = self._ranges
        while ranges and ranges[0][1] <= at:
            ranges.popleft()
        pos = at
        for low, high, kind in ranges:
            if low >= end:
                break
            if low > pos:
                out.append((STRINGS, view[pos - at : low - at]))
                pos = low
            top = min(high, end)
            if top > pos:
                out.append((kind, view[pos - at : top - at]))
                pos = top
        if pos < end:
            out.append((STRINGS, view[pos - at :]))
