"""Byte streams for the archive reader: the input read once and hashed, the zstd framing check
Python's decompressor leaves out, and decompression on a second thread within a budget."""

from __future__ import annotations

import hashlib
import io
import queue
import tarfile
import threading
from collections.abc import Callable, Iterator
from typing import Protocol

CHUNK = 2**20  # read size for draining and hashing; also the progress step

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class ZstdFrameCheck:
    """Follows zstd frame and block boundaries in the compressed bytes, so that a stream cut
    short is noticed: zstandard's stream_reader reports a truncated frame as a clean end."""

    def __init__(self) -> None:
        self._state = "magic"
        self._need = 4  # header bytes wanted for the current state
        self._pending = bytearray()
        self._skip = 0  # payload bytes to pass over before the next header
        self._checksum = False
        self._opaque = False  # not a frame we understand: zstandard reports the error

    @property
    def at_frame_boundary(self) -> bool:
        return self._opaque or (self._state == "magic" and not self._pending and not self._skip)

    def feed(self, data: bytes) -> None:
        view, pos, end = memoryview(data), 0, len(data)
        while pos < end and not self._opaque:
            if self._skip:
                step = min(self._skip, end - pos)
                self._skip -= step
                pos += step
                continue
            if self._state == "block" and pos + 3 <= end and not self._pending:
                # the usual header, whole in this chunk: read in place (a frame has thousands)
                self._block(data[pos] | data[pos + 1] << 8 | data[pos + 2] << 16)
                pos += 3
                continue
            step = min(self._need - len(self._pending), end - pos)
            self._pending += view[pos : pos + step]
            pos += step
            if len(self._pending) == self._need:
                header = bytes(self._pending)
                self._pending.clear()
                self._advance(header)

    def _expect(self, state: str, need: int, skip: int = 0) -> None:
        self._state, self._need, self._skip = state, need, skip

    def _advance(self, header: bytes) -> None:
        if self._state == "magic":
            if header == _ZSTD_MAGIC:
                self._expect("descriptor", 1)
            elif header[0] & 0xF0 == 0x50 and header[1:] == b"\x2a\x4d\x18":
                self._expect("skippable", 4)
            else:
                self._opaque = True
        elif self._state == "skippable":
            self._expect("magic", 4, skip=int.from_bytes(header, "little"))
        elif self._state == "descriptor":
            flags = header[0]
            single_segment = bool(flags & 0x20)
            self._checksum = bool(flags & 0x04)
            size_field = (1 if single_segment else 0, 2, 4, 8)[flags >> 6]
            rest = (0 if single_segment else 1) + (0, 1, 2, 4)[flags & 3] + size_field
            self._expect("frame-header", rest) if rest else self._expect("block", 3)
        elif self._state == "frame-header":
            self._expect("block", 3)
        elif self._state == "block":
            self._block(int.from_bytes(header, "little"))
        else:  # checksum
            self._expect("magic", 4)

    def _block(self, value: int) -> None:
        """A block header (3 bytes, little-endian): pass over its payload."""
        last, block_type, size = value & 1, (value >> 1) & 3, value >> 3
        if block_type == 3:
            self._opaque = True
        payload = 1 if block_type == 1 else size
        if not last:
            self._expect("block", 3, skip=payload)
        elif self._checksum:
            self._expect("checksum", 4, skip=payload)
        else:
            self._expect("magic", 4, skip=payload)


class Peeked:
    """A stream whose first bytes were read to tell its container: gives them again, then
    the rest, so a pipe is read once and never reopened."""

    def __init__(self, head: bytes, rest: Readable) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int = -1, /) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data


class Sha256Thread:
    """SHA-256 of the chunks given to `update`, computed on a thread of its own: the reading
    thread decompresses meanwhile (hashlib releases the GIL on large buffers), so hashing the
    input no longer adds to the decompression's time. At most _HASH_CHUNKS chunks wait."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_HASH_CHUNKS)
        self._thread: threading.Thread | None = None  # started by the first chunk

    def _work(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._digest.update(chunk)

    def update(self, chunk: bytes) -> None:
        if not chunk:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="licscan-sha256", daemon=True)
            self._thread.start()
        self._queue.put(chunk)

    def hexdigest(self) -> str:
        """The digest of everything given; the thread ends."""
        self.stop()
        return self._digest.hexdigest()

    def stop(self) -> None:
        """End the thread (idempotent), after the chunks already given."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


_HASH_CHUNKS = 8  # input chunks (CHUNK bytes or the decompressor's reads) waiting to be hashed


class InputReader(io.BufferedIOBase):
    """Reads the input file once: hashes every byte, reports progress every CHUNK bytes."""

    def __init__(
        self,
        raw: Readable,
        total: int,
        progress: Callable[[int, int], None] | None = None,
        frames: ZstdFrameCheck | None = None,
        hashed: bool = True,
    ) -> None:
        super().__init__()
        self._raw, self._total, self._progress, self._frames = raw, total, progress, frames
        self._digest = Sha256Thread() if hashed else None  # None: sha256 "" (not wanted)
        self.consumed = 0
        self._reported = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(CHUNK), b""))
        data = self._raw.read(size)
        if self._digest is not None:
            self._digest.update(data)
        if self._frames is not None:
            self._frames.feed(data)
        self.consumed += len(data)
        if self._progress is not None and self.consumed - self._reported >= CHUNK:
            self._reported = self.consumed
            self._progress(self.consumed, self._total)
        return data

    def finish(self) -> str:
        """Read what is left, check the zstd framing, report progress; return the sha256."""
        while self.read(CHUNK):
            pass
        if self._frames is not None and not self._frames.at_frame_boundary:
            raise tarfile.ReadError("the zstd stream ends in the middle of a frame")
        if self._progress is not None and self._reported != self.consumed:
            self._progress(self.consumed, self._total)
        return "" if self._digest is None else self._digest.hexdigest()

    def abandon(self) -> None:
        """Stop hashing: the input is not read to its end (an error, or the caller stopped)."""
        if self._digest is not None:
            self._digest.stop()


BLOCK_SIZE = 4 * 2**20  # decompressed bytes per block handed to the tar parser
_QUEUE_BLOCKS = 4  # blocks in flight between the threads: memory stays bounded
_END = object()


class DecompressedBlocks:
    """The decompressed bytes of an archive file, produced on a second thread.

    The worker reads the file (checking zstd framing on the way, and handing each chunk to a
    third thread that hashes it, `Sha256Thread`), decompresses
    it to the very end (so corruption after the tar end marker is noticed) within the budget,
    and queues large blocks; the caller's thread parses and hashes members meanwhile. zstandard,
    zlib and hashlib release the GIL on large buffers, so both cores work. Errors raised on the
    worker are raised again in the caller's thread."""

    def __init__(
        self,
        open_stream: Callable[[Readable], Readable],
        raw: Readable,
        total: int,
        limit: int,
        exceeded: Callable[[], Exception],
        progress: Callable[[int, int], None] | None = None,
        frames: ZstdFrameCheck | None = None,
        tick: Callable[[], None] | None = None,
        hashed: bool = True,
    ) -> None:
        self._input = InputReader(raw, total, progress, frames, hashed)
        self._tick = tick  # called while waiting for the worker: the time limit
        self._open, self._limit, self._exceeded = open_stream, limit, exceeded
        self._queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_BLOCKS)
        self._stop = threading.Event()
        self._digest: str | None = None
        self._thread = threading.Thread(target=self._work, name="licscan-decompress", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        try:
            stream = self._open(self._input)
            count = 0
            while not self._stop.is_set():
                block = stream.read(BLOCK_SIZE)
                if not block:
                    break
                count += len(block)
                if count > self._limit:
                    raise self._exceeded()
                if not self._put(block):
                    return
            self._digest = self._input.finish()
            self._put(_END)
        except BaseException as exc:  # handed to the caller's thread
            self._put(exc)
        finally:
            self._input.abandon()  # no hashing thread outlives the reading one

    def __iter__(self) -> Iterator[bytes]:
        while True:
            try:
                item = self._queue.get(timeout=0.25)
            except queue.Empty:  # a slow or stalled input
                if self._tick is not None:
                    self._tick()
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, bytes)
            yield item

    @property
    def consumed(self) -> int:
        """Input bytes read so far (all of them after `finish`)."""
        return self._input.consumed

    def finish(self) -> str:
        """Consume what is left (after the tar end marker); return the input's sha256 ("" when
        made with `hashed=False`)."""
        for _block in self:
            pass
        self._thread.join()
        assert self._digest is not None
        return self._digest

    def close(self) -> None:
        """Stop the worker (after an error in the caller's thread); a worker blocked reading a
        stalled input is left behind after a short wait (a daemon thread, with its hashing
        thread, both ending when the read returns)."""
        self._stop.set()
        self._thread.join(timeout=2.0)
