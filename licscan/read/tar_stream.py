"""A tar stream parsed from large blocks, member data handed on as slices of those blocks.

tarfile's stream mode reads through 10 KiB buffers and copies every member through them; this
parser takes the decompressor's blocks (megabytes each) as they come, parses the 512-byte
headers with `tarfile.TarInfo.frombuf` (checksums, base-256 sizes), follows GNU long names and
pax records, and yields each member's data as memoryviews of the blocks, so hashing and
inspection see large buffers and nothing is copied twice.

It is strict where tarfile's stream mode is lenient: a stream that ends without its
end-of-archive block, in the middle of a header or of a member's data, or with a damaged
header is an error, never a quiet end.
"""

from __future__ import annotations

import math
import tarfile
from collections.abc import Callable, Iterator
from typing import NamedTuple

from licscan.read.limits import DEFAULT_LIMITS, Limits, size_text
from licscan.read.tar_header import Header, fast_header

BLOCK = tarfile.BLOCKSIZE
_FILE_TYPES = (tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.CONTTYPE)
_SPARSE_REAL_SIZE = ("GNU.sparse.realsize", "GNU.sparse.size")  # pax sparse 0.x and 1.0
_MAX_MTIME = 253402300799  # 9999-12-31T23:59:59Z: a later (or negative) mtime is recorded as None


class TarFormatError(Exception):
    """The tar data is cut short or damaged."""


class TarLimitError(Exception):
    """A header declares more than a limit allows (checked before reading it)."""

    def __init__(self, what: str, limit: str) -> None:
        super().__init__(what)
        self.what, self.limit = what, limit


class Entry(NamedTuple):
    """One member header, long names and pax records applied."""

    name: str
    type: bytes
    size: int
    mtime: int | None
    linkname: str

    @property
    def is_file(self) -> bool:
        return self.type in _FILE_TYPES


class _Blocks:
    """The byte stream over an iterator of blocks, read by exact lengths."""

    def __init__(self, blocks: Iterator[bytes], tick: Callable[[], None] | None) -> None:
        self._blocks = blocks
        self._view = memoryview(b"")
        self.offset = 0  # bytes consumed so far
        self._tick = tick

    def _fill(self) -> bool:
        if self._tick is not None:
            self._tick()  # once per decompressed block: the time limit
        for block in self._blocks:
            if block:
                self._view = memoryview(block)
                return True
        return False

    def take(self, size: int) -> bytes:
        """Exactly `size` bytes (fewer only at the end of the stream), as one bytes object."""
        view = self._view
        if 0 < size <= len(view):  # the usual case: within the current block
            self._view = view[size:]
            self.offset += size
            return bytes(view[:size])
        parts: list[bytes] = []
        need = max(size, 0)
        while need > 0:
            if not self._view and not self._fill():
                break
            piece = self._view[:need]
            parts.append(bytes(piece))
            self._view = self._view[len(piece) :]
            need -= len(piece)
        self.offset += max(size, 0) - need
        return b"".join(parts)

    def piece(self, need: int) -> memoryview:
        """The next at most `need` (> 0) bytes, as a slice of a block; TarFormatError if the
        stream has ended."""
        view = self._view
        if not view:
            if not self._fill():
                raise TarFormatError(f"the tar data ends inside a member ({need:,} bytes short)")
            view = self._view
        piece = view[:need]
        self._view = view[len(piece) :]
        self.offset += len(piece)
        return piece

    def slices(self, size: int) -> Iterator[memoryview]:
        """`size` bytes as slices of the blocks; TarFormatError if the stream ends first."""
        need = size
        while need > 0:
            piece = self.piece(need)
            need -= len(piece)
            yield piece

    def skip(self, size: int) -> None:
        view = self._view
        if 0 <= size <= len(view):  # the usual case: within the current block
            self._view = view[size:]
            self.offset += size
            return
        need = size
        while need > 0:
            need -= len(self.piece(need))


_NO_RECORDS: dict[str, str] = {}  # never written to
_ZERO_BLOCK = bytes(BLOCK)
_META_TYPES = frozenset(
    (tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK, tarfile.XHDTYPE, tarfile.XGLTYPE,
     tarfile.SOLARIS_XHDTYPE)
)  # fmt: skip  # headers that describe the next member
_NO_DATA = frozenset(
    (tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE, tarfile.CHRTYPE, tarfile.BLKTYPE,
     tarfile.FIFOTYPE)
)  # fmt: skip  # members whose size is not followed by data


def _padding(size: int) -> int:
    return -size % BLOCK


def _pax(data: bytes) -> dict[str, str]:
    """The records of a pax extended header: `<length> <key>=<value>\\n`."""
    records: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        space = data.find(b" ", pos)
        if space < 0 or not data[pos:space].isdigit() or space - pos > 12:
            raise TarFormatError("damaged pax extended header")
        length = int(data[pos:space])
        record = data[space + 1 : pos + length]
        if length <= 0 or pos + length > len(data) or not record.endswith(b"\n"):
            raise TarFormatError("damaged pax extended header")
        key, sep, value = record[:-1].partition(b"=")
        if not sep:
            raise TarFormatError("damaged pax extended header")
        records[key.decode("utf-8", "surrogateescape")] = value.decode("utf-8", "surrogateescape")
        pos += length
    return records


class TarStream:
    """Iterate `entries()`; for a file entry, consume its data with `data()` before the next."""

    def __init__(
        self,
        blocks: Iterator[bytes],
        limits: Limits = DEFAULT_LIMITS,
        tick: Callable[[], None] | None = None,
        *,
        keep_headers: bool = False,
    ) -> None:
        self._in = _Blocks(blocks, tick)
        self._limits = limits
        self._remaining = 0  # data of the current member not yet consumed
        self._padding = 0  # then its padding to the next header
        self._global: dict[str, str] = {}
        self._keep = keep_headers
        self._meta_size = 0  # bytes of the last extended header read, with its header block
        self._raw = bytearray()  # the header blocks read for the entry being parsed
        self.header_blocks = b""  # with keep_headers: every header block of the last entry
        self._global_raw = bytearray()  # pax global headers (they apply to every later entry)
        self.global_blocks = b""  # with keep_headers: global headers read before the last entry

    def entries(self) -> Iterator[Entry]:
        """The members in order; numbers no header can hold are a TarFormatError."""
        try:
            yield from self._entries()
        except (ValueError, OverflowError) as exc:
            raise TarFormatError(
                f"a number in a tar header is out of range ({type(exc).__name__})"
            ) from None

    def _entries(self) -> Iterator[Entry]:
        long_name: str | None = None
        long_link: str | None = None
        pax: dict[str, str] = {}
        while True:
            if self._remaining or self._padding:
                self._in.skip(self._remaining + self._padding)
                self._remaining = self._padding = 0
            header = self._in.take(BLOCK)
            if self._keep:
                self._raw += header
            if not header:
                raise TarFormatError("the tar data ends without its end-of-archive marker")
            if len(header) != BLOCK:
                raise TarFormatError("the tar data ends in the middle of a member header")
            if header == _ZERO_BLOCK:
                return  # the end-of-archive block
            fast = fast_header(header)
            info: tarfile.TarInfo | Header
            if fast is not None:
                info = fast
            else:  # not plain POSIX ustar, or damaged: tarfile decides
                try:
                    info = tarfile.TarInfo.frombuf(header, "utf-8", "surrogateescape")
                except tarfile.HeaderError as exc:
                    raise TarFormatError(f"damaged tar member header ({exc})") from None
            kind = info.type
            if kind in _META_TYPES:
                meta = self._meta(info.size, kind)
                if kind == tarfile.GNUTYPE_LONGNAME:
                    long_name = meta.rstrip(b"\0").decode("utf-8", "surrogateescape")
                elif kind == tarfile.GNUTYPE_LONGLINK:
                    long_link = meta.rstrip(b"\0").decode("utf-8", "surrogateescape")
                elif kind == tarfile.XGLTYPE:
                    self._global.update(_pax(meta))
                    if self._keep:  # moved out of this entry's own header blocks
                        self._global_raw += self._raw[-self._meta_size :]
                        del self._raw[-self._meta_size :]
                else:
                    pax.update(_pax(meta))
                continue
            records = {**self._global, **pax} if pax or self._global else _NO_RECORDS
            size = info.size
            if "size" in records:
                try:
                    size = int(records["size"][:30])
                except ValueError:
                    raise TarFormatError("damaged pax size record") from None
            mtime: int | None = int(info.mtime)
            if "mtime" in records:
                try:
                    seconds = float(records["mtime"][:40])
                except ValueError:
                    raise TarFormatError("damaged pax mtime record") from None
                mtime = int(seconds) if math.isfinite(seconds) else None  # nan, inf: no time
            if size < 0:
                raise TarFormatError("a tar member with a negative size")
            sparse = records or kind == tarfile.GNUTYPE_SPARSE
            real = self._sparse_size(kind, info, records) if sparse else None
            if mtime is not None and not 0 <= mtime <= _MAX_MTIME:
                mtime = None
            name = records.get("path", long_name if long_name is not None else info.name)
            entry = Entry(
                records.get("GNU.sparse.name", name) if real is not None else name,
                kind,
                size,
                mtime,
                records.get("linkpath", long_link if long_link is not None else info.linkname),
            )
            long_name = long_link = None
            if pax:
                pax = {}
            if self._keep:
                self.header_blocks, self._raw = bytes(self._raw), bytearray()
                self.global_blocks, self._global_raw = bytes(self._global_raw), bytearray()
            if kind not in _NO_DATA:
                if size > self._limits.member_bytes:
                    raise TarLimitError(f"a member declares {size_text(size)}", "member_bytes")
                self._remaining, self._padding = size, _padding(size)
            yield entry

    def data(self) -> Iterator[memoryview]:
        """The data of the entry just yielded, as slices of the blocks."""
        blocks = self._in
        while self._remaining > 0:
            piece = blocks.piece(self._remaining)
            self._remaining -= len(piece)
            yield piece

    def _sparse_size(
        self, kind: bytes, info: tarfile.TarInfo | Header, records: dict[str, str]
    ) -> int | None:
        """The real size a sparse member declares (None: not sparse), within member_bytes.
        Its holes are never synthesised: the member is its stored bytes. An old GNU sparse
        header's extension blocks are read here, within header_bytes."""
        real: int | None = None
        if kind == tarfile.GNUTYPE_SPARSE:
            _structs, extended, real = getattr(info, "_sparse_structs", ((), False, 0))
            blocks = 0
            while extended:
                blocks += 1
                if blocks * BLOCK > self._limits.header_bytes:
                    raise TarLimitError("a GNU sparse map of more blocks", "header_bytes")
                block = self._in.take(BLOCK)
                if len(block) != BLOCK:
                    raise TarFormatError("the tar data ends inside a sparse map")
                if self._keep:
                    self._raw += block
                extended = bool(block[504])
        for key in _SPARSE_REAL_SIZE:
            if key in records:
                text = records[key].strip()
                if not text.isdigit() or len(text) > 30:
                    raise TarFormatError("damaged pax sparse size record")
                real = int(text)
        if real is not None and real > self._limits.member_bytes:
            raise TarLimitError(f"a sparse member declares {size_text(real)}", "member_bytes")
        return real

    def _meta(self, size: int, kind: bytes) -> bytes:
        if size < 0:
            raise TarFormatError("a tar extended header with a negative size")
        if kind in (tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK):
            if size > self._limits.name_bytes:
                raise TarLimitError(f"a GNU long name of {size_text(size)}", "name_bytes")
        elif size > self._limits.header_bytes:
            raise TarLimitError(f"a pax extended header of {size_text(size)}", "header_bytes")
        data = self._in.take(size)
        if len(data) != size:
            raise TarFormatError("the tar data ends inside an extended header")
        if self._keep:
            padding = self._in.take(_padding(size))
            if len(padding) != _padding(size):
                raise TarFormatError("the tar data ends inside an extended header")
            self._raw += data + padding
            self._meta_size = BLOCK + size + len(padding)  # with its header block
        else:
            self._in.skip(_padding(size))
        return data

    @property
    def offset(self) -> int:
        return self._in.offset
