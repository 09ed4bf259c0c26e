"""A read-only file over a few captured byte ranges of a member that streamed past.

The header parsers (pyelftools, macholib) want a seekable file; licscan has only a bounded
prefix and the ranges the fixed-size header announced. Gaps read as zeros and are counted, so
the caller knows the headers were not read in full.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

READ_CAP = 4 << 20


class SparseFile(io.RawIOBase):
    """Captured `(offset, bytes)` ranges (they may overlap) as a file of `size` bytes.

    A read larger than `read_cap` returns b"" and counts as a gap: macholib reads the
    contents of every section while it loads the load commands, which would otherwise
    allocate the whole member."""

    def __init__(self, ranges: Mapping[int, bytes], size: int, read_cap: int = READ_CAP):
        super().__init__()
        self._ranges = sorted(ranges.items())
        self._size = size
        self._pos = 0
        self.read_cap = read_cap
        self.gap_reads = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = max(0, self._size - self._pos)
        size = min(size, max(0, self._size - self._pos))
        if size > self.read_cap:
            self.gap_reads += 1
            self._pos += size
            return b""
        start, end = self._pos, self._pos + size
        self._pos = end
        for offset, data in self._ranges:  # the common case: one range covers the read
            if offset <= start and end <= offset + len(data):
                return data[start - offset : end - offset]
        out = bytearray(size)
        have = bytearray(size)
        for offset, data in self._ranges:  # a handful of ranges: a linear scan is fine
            low, high = max(start, offset), min(end, offset + len(data))
            if low < high:
                out[low - start : high - start] = data[low - offset : high - offset]
                have[low - start : high - start] = b"\x01" * (high - low)
        if size and have.count(0):
            self.gap_reads += 1
        return bytes(out)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
