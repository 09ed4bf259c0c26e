"""The compressed output `licscan strip` writes (render/tar_writer.py): zstd on worker threads
gives the same bytes for any worker count (so for any machine), gzip compressed on a second
thread gives the bytes the main thread would, and errors on those threads reach the caller."""

from __future__ import annotations

import gzip
import io
import os
import random
import threading
from pathlib import Path

import pytest
import zstandard

from licscan import api
from licscan.errors import InputError
from licscan.model import Container
from licscan.render import strip_write, tar_writer
from licscan.render.tar_writer import Background, Compressed
from tests.builders import era_archive, write_archive

FULL_314 = "cpython-3.14.7+20260814-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"


def _data(size: int) -> bytes:
    """Compressible bytes: slices of a random MiB, so matches reach across zstd's jobs."""
    rng = random.Random(14)
    base = rng.randbytes(2**20)
    pieces, total = [], 0
    while total < size:
        start, length = rng.randrange(2**20 - 8192), rng.randrange(64, 8192)
        pieces.append(base[start : start + length])
        total += length
    return b"".join(pieces)[:size]


def _compress(data: bytes, container: Container, workers: int | None = None) -> bytes:
    raw = io.BytesIO()
    out = Compressed(raw, container, workers)
    view = memoryview(data)
    for start in range(0, len(data), 3 * 2**20 + 17):  # uneven pieces, as the copy writes
        out.sink.write(view[start : start + 3 * 2**20 + 17])
    out.close()
    return raw.getvalue()


@pytest.fixture(scope="module")
def data() -> bytes:
    return _data(40 * 2**20)  # five of zstd's 8 MiB jobs at level 3


def test_zstd_bytes_are_the_same_for_any_worker_count(data: bytes) -> None:
    outputs = {workers: _compress(data, Container.ZSTD_TAR, workers) for workers in (1, 2, 3)}
    assert outputs[1] == outputs[2] == outputs[3]
    assert zstandard.ZstdDecompressor().decompressobj().decompress(outputs[1]) == data
    # the multi-threaded format is really in use: single-threaded zstd writes other bytes
    single = zstandard.ZstdCompressor(level=tar_writer.ZSTD_LEVEL).compress(data)
    assert single != outputs[1]
    assert len(outputs[1]) < len(data) // 2


def test_zstd_workers_follow_the_cores_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, workers in ((None, 1), (1, 1), (2, 2), (64, tar_writer.MAX_ZSTD_WORKERS)):
        monkeypatch.setattr(tar_writer.os, "cpu_count", lambda cores=cores: cores)
        assert tar_writer.zstd_workers() == workers
    with pytest.raises(ValueError, match="0 is another format"):
        Compressed(io.BytesIO(), Container.ZSTD_TAR, 0)


def test_gzip_on_a_thread_writes_what_the_main_thread_would(data: bytes) -> None:
    part = data[: 6 * 2**20]
    expected = io.BytesIO()
    with gzip.GzipFile(
        filename="", fileobj=expected, mode="wb", compresslevel=tar_writer.GZIP_LEVEL, mtime=0
    ) as direct:
        direct.write(part)
    assert _compress(part, Container.GZIP_TAR) == expected.getvalue()
    assert not [t for t in threading.enumerate() if t.name == "licscan-compress"]


class _Full:
    def __init__(self) -> None:
        self.written = 0

    def write(self, data: bytes | memoryview, /) -> int:
        if self.written > 2**20:
            raise OSError(28, "No space left on device")
        self.written += len(data)
        return len(data)


def test_an_error_on_the_compressing_thread_reaches_the_caller() -> None:
    sink = Background(_Full())
    with pytest.raises(OSError, match="No space left"):
        for _ in range(64):
            sink.write(bytes(2**19))
        sink.close()
    sink.abort()
    assert not [t for t in threading.enumerate() if t.name == "licscan-compress"]


def test_abort_stops_the_thread_without_writing() -> None:
    target = _Full()
    sink = Background(target)
    sink.write(bytes(1000))
    sink.abort()
    assert target.written == 0
    assert not [t for t in threading.enumerate() if t.name == "licscan-compress"]


def test_strip_writes_the_same_bytes_whatever_the_worker_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_archive(era_archive("linux-3.14-20260814"), tmp_path / FULL_314)
    outputs = []
    for workers in (1, 3):
        monkeypatch.setattr(tar_writer, "zstd_workers", lambda workers=workers: workers)
        outputs.append(api.strip(source, tmp_path / str(workers) / FULL_314).output.read_bytes())
    assert outputs[0] == outputs[1]


def test_an_input_changed_while_stripped_is_refused_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_archive(era_archive("linux-3.14-20260814"), tmp_path / FULL_314)
    copy = strip_write.copy_archive

    def touched(src: str, *args: object, **kwargs: object) -> None:
        copy(src, *args, **kwargs)
        os.utime(src, ns=(10**9, 10**9))  # same bytes, but another version of the file

    monkeypatch.setattr(strip_write, "copy_archive", touched)
    out = tmp_path / "out"
    with pytest.raises(InputError, match="changed while it was being stripped"):
        api.strip(source, out / FULL_314)
    assert list(out.iterdir()) == []
