"""A streaming tar writer over a zstd, gzip or plain output: members copied verbatim (their
header blocks as read and their data), new members from a TarInfo, deterministic bytes.

zstd level 3 (the `zstd` command's default level) and gzip level 6 with no name and mtime 0 in
the gzip header, so the same input always gives the same output. zstd compresses on worker
threads, in zstd's streaming multi-threaded format (what the `zstd` command writes by default,
`-T1`): its bytes are the same for any number of workers >= 1 (zstd issues 2238 and 2327;
tests/render/test_tar_writer.py), so a machine's core count never changes the output."""

from __future__ import annotations

import gzip
import os
import queue
import tarfile
import threading
from collections.abc import Iterable
from typing import IO, Protocol

import zstandard

from licscan.model import Container

BLOCK = tarfile.BLOCKSIZE
RECORD = tarfile.RECORDSIZE  # tarfile's end-of-archive padding unit
ZSTD_LEVEL = 3
GZIP_LEVEL = 6
_ZEROS = bytes(RECORD)
MAX_ZSTD_WORKERS = 4


def zstd_workers() -> int:
    """zstd compression worker threads: one per core, 1 to MAX_ZSTD_WORKERS (never 0, the
    single-threaded format, whose bytes differ)."""
    return max(1, min(os.cpu_count() or 1, MAX_ZSTD_WORKERS))


class _Sink(Protocol):
    def write(self, data: bytes | memoryview, /) -> int: ...


_BATCH = 2**20  # bytes gathered before a write is handed to the compressing thread
_IN_FLIGHT = 8  # batches queued for it: memory stays bounded
_END = object()


class Background:
    """A sink whose writes run on a second thread (zlib releases the GIL while it deflates), so
    the caller's thread reads and copies meanwhile. Small writes are gathered into batches of
    _BATCH bytes; an error on the thread is raised again by the next `write` or by `close`.
    The pieces written must not change afterwards (bytes, or views of bytes)."""

    def __init__(self, sink: _Sink) -> None:
        self._sink = sink
        self._queue: queue.Queue[object] = queue.Queue(maxsize=_IN_FLIGHT)
        self._pieces: list[bytes | memoryview] = []
        self._gathered = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="licscan-compress", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while (item := self._queue.get()) is not _END:
            if self._error is None:  # after an error the rest is only drained
                try:
                    self._sink.write(item)  # type: ignore[arg-type]
                except BaseException as exc:  # raised again on the caller's thread
                    self._error = exc

    def _check(self) -> None:
        if self._error is not None:
            raise self._error

    def write(self, data: bytes | memoryview, /) -> int:
        self._check()
        self._pieces.append(data)
        self._gathered += len(data)
        if self._gathered >= _BATCH:
            self._hand_over()
        return len(data)

    def _hand_over(self) -> None:
        if self._pieces:
            pieces, self._pieces, self._gathered = self._pieces, [], 0
            self._queue.put(pieces[0] if len(pieces) == 1 else b"".join(pieces))

    def close(self) -> None:
        """Write what is gathered and wait for the thread; raise its error if it had one."""
        if self._thread.is_alive():
            self._hand_over()
            self._queue.put(_END)
            self._thread.join()
        self._check()

    def abort(self) -> None:
        """Stop the thread without writing what is gathered (the copy failed)."""
        self._pieces, self._error = [], self._error or RuntimeError("aborted")
        if self._thread.is_alive():
            self._queue.put(_END)
            self._thread.join()


class Compressed:
    """The output file behind a compressor for `container` (DIRECTORY is not a stream)."""

    def __init__(self, raw: IO[bytes], container: Container, workers: int | None = None) -> None:
        self._raw = raw
        self._zst: zstandard.ZstdCompressionWriter | None = None
        self._gz: gzip.GzipFile | None = None
        self._background: Background | None = None
        self.sink: _Sink = raw
        if container is Container.ZSTD_TAR:
            threads = zstd_workers() if workers is None else workers
            if threads < 1:
                raise ValueError("zstd workers must be >= 1: 0 is another format")
            compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, threads=threads)
            self._zst = compressor.stream_writer(raw, write_size=_BATCH, closefd=False)
            self.sink = self._zst
        elif container is Container.GZIP_TAR:
            self._gz = gzip.GzipFile(
                filename="", fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0
            )
            self._background = Background(self._gz)  # zlib has no threads of its own
            self.sink = self._background
        elif container is not Container.TAR:
            raise ValueError(f"not a stream container: {container}")

    def close(self) -> None:
        if self._background is not None:
            self._background.close()
        if self._zst is not None:
            self._zst.close()  # type: ignore[no-untyped-call]
        if self._gz is not None:
            self._gz.close()
        self._raw.flush()

    def abort(self) -> None:
        """Stop any compressing thread after a failure; the output is discarded."""
        if self._background is not None:
            self._background.abort()


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
