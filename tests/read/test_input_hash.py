"""The input's SHA-256 is computed on a thread of its own beside the decompression: the same
digest as hashlib's over the file, and no thread left behind, whether the read ends well or in
an error."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from pathlib import Path

import pytest

from licscan.errors import ArchiveError
from licscan.read import layout, read_archive
from licscan.read.streams import Sha256Thread
from tests.builders import era_archive, write_archive

THREADS = ("licscan-sha256", "licscan-decompress")


def _ours() -> list[str]:
    deadline = time.monotonic() + 2.0  # a thread ending right now is given a moment
    while time.monotonic() < deadline:
        names = [t.name for t in threading.enumerate() if t.name in THREADS]
        if not names:
            return []
        time.sleep(0.01)
    return names


@pytest.mark.parametrize("seed", range(5))
def test_the_thread_gives_hashlibs_digest_for_any_chunking(seed: int) -> None:
    rng = random.Random(seed)
    data = rng.randbytes(rng.randrange(0, 3 << 20))
    hasher = Sha256Thread()
    at = 0
    while at < len(data):
        step = rng.choice([0, 1, 511, 4096, 1 << 20])
        hasher.update(data[at : at + step])
        at += step
    assert hasher.hexdigest() == hashlib.sha256(data).hexdigest()
    assert not _ours()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hash")
    name = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
    return write_archive(era_archive("linux-3.10-20221220"), folder / name)


def test_the_archives_sha256_is_that_of_its_bytes(archive: Path) -> None:
    contents = read_archive(archive, keep=layout.keep)
    assert contents.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert not _ours()


@pytest.mark.parametrize("cut", [0.3, 0.9])
def test_a_truncated_archive_leaves_no_thread_behind(
    archive: Path, tmp_path: Path, cut: float
) -> None:
    data = archive.read_bytes()
    broken = tmp_path / archive.name
    broken.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(ArchiveError):
        read_archive(broken, keep=layout.keep)
    assert not _ours()
