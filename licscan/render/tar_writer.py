"""A streaming tar writer over a zstd, gzip or plain output: members copied verbatim (their
header blocks as read and their data), new members from a TarInfo, deterministic bytes.

zstd level 3 (the `zstd` command's default) and gzip level 6 with no name and mtime 0 in the
gzip header, so the same input always gives the same output."""

from __future__ import annotations

import gzip
import tarfile
from collections.abc import Iterable
from typing import IO, Protocol

import zstandard

from licscan.model import Container

BLOCK = tarfile.BLOCKSIZE
RECORD = tarfile.RECORDSIZE  # tarfile's end-of-archive padding unit
ZSTD_LEVEL = 3
GZIP_LEVEL = 6
_ZEROS = bytes(RECORD)


class _Sink(Protocol):
    def write(self, data: bytes | memoryview, /) -> int: ...


class Compressed:
    """The output file behind a compressor for `container` (DIRECTORY is not a stream)."""

    def __init__(self, raw: IO[bytes], container: Container) -> None:
        self._raw = raw
        self._zst: zstandard.ZstdCompressionWriter | None = None
        self._gz: gzip.GzipFile | None = None
        self.sink: _Sink = raw
        if container is Container.ZSTD_TAR:
            compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
            self._zst = compressor.stream_writer(raw, closefd=False)
            self.sink = self._zst
        elif container is Container.GZIP_TAR:
            self._gz = gzip.GzipFile(
                filename="", fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0
            )
            self.sink = self._gz
        elif container is not Container.TAR:
            raise ValueError(f"not a stream container: {container}")

    def close(self) -> None:
        if self._zst is not None:
            self._zst.close()  # type: ignore[no-untyped-call]
        if self._gz is not None:
            self._gz.close()
        self._raw.flush()


class TarWriter:
    """Tar members written one after the other; `close` writes the end-of-archive blocks."""

    def __init__(self, sink: _Sink) -> None:
        self._sink = sink
        self._offset = 0

    def _write(self, data: bytes | memoryview) -> None:
        self._sink.write(data)
        self._offset += len(data)

    def raw(self, blocks: bytes) -> None:
        """Header blocks as read (e.g. pax global headers), written unchanged."""
        self._write(blocks)

    def copy(self, header_blocks: bytes, data: Iterable[bytes | memoryview]) -> None:
        """A member as read: its header blocks, then its data and the padding."""
        self._write(header_blocks)
        written = 0
        for piece in data:
            self._write(piece)
            written += len(piece)
        self._pad(written)

    def add(self, info: tarfile.TarInfo, data: bytes = b"") -> None:
        """A new member (pax format when its name or numbers need it)."""
        info.size = len(data) if info.isfile() else 0
        self._write(info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape"))
        if info.isfile():
            self._write(data)
            self._pad(len(data))

    def _pad(self, size: int) -> None:
        if size % BLOCK:
            self._write(_ZEROS[: BLOCK - size % BLOCK])

    def close(self) -> None:
        self._write(_ZEROS[: 2 * BLOCK])
        if self._offset % RECORD:
            self._write(_ZEROS[: RECORD - self._offset % RECORD])
