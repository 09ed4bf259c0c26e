"""The read stage on a stream (stdin): read once, the container told by a peek at the first
bytes, the sha256 that of the stream's bytes; and the expansion of many inputs."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from licscan.errors import ArchiveError, UsageError
from licscan.model import Container
from licscan.read import STDIN, expand_inputs, layout, read_archive
from licscan.read.archive import STDIN_NAME
from tests.builders import era_archive, relocate, to_install_only, write_archive

CLEAN = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full"


class Pipe:
    """A stream like a pipe: no seek, no peek, no name, and reads shorter than asked."""

    def __init__(self, data: bytes, step: int = 7) -> None:
        self._data, self._pos, self._step = data, 0, step
        self.reads = 0

    def read(self, size: int = -1, /) -> bytes:
        self.reads += 1
        if size < 0:
            size = len(self._data) - self._pos
        end = self._pos + min(size, self._step if self.reads < 50 else size)
        chunk, self._pos = self._data[self._pos : end], end
        return chunk


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stream")
    spec = era_archive("linux-3.10-20221220")
    return {
        kind: write_archive(spec, folder / f"{CLEAN}.{suffix}", container=kind)
        for kind, suffix in (("zst", "tar.zst"), ("gz", "tar.gz"), ("tar", "tar"))
    }


@pytest.mark.parametrize(
    ("kind", "container"),
    [("zst", Container.ZSTD_TAR), ("gz", Container.GZIP_TAR), ("tar", Container.TAR)],
)
def test_a_stream_reads_like_its_file(
    kind: str, container: Container, archives: dict[str, Path]
) -> None:
    data = archives[kind].read_bytes()
    from_file = read_archive(archives[kind], keep=layout.keep)
    from_stream = read_archive(Pipe(data), keep=layout.keep)
    assert from_stream.container is container
    assert from_stream.sha256 == hashlib.sha256(data).hexdigest() == from_file.sha256
    assert from_stream.size == len(data)
    assert from_stream.members == from_file.members
    assert dict(from_stream.kept) == dict(from_file.kept)
    assert (from_stream.file_name, from_stream.source) == (STDIN_NAME, STDIN_NAME)


def test_a_stream_is_read_once_never_sought(archives: dict[str, Path]) -> None:
    class Once(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            return self._inner.readinto(buffer)

        def seekable(self) -> bool:
            return False

        def seek(self, *args: object) -> int:
            raise AssertionError("a stream must not be sought")

    data = archives["zst"].read_bytes()
    stream = io.BufferedReader(Once(data))
    contents = read_archive(stream, keep=layout.keep, name=f"{CLEAN}.tar.zst")
    assert contents.file_name == f"{CLEAN}.tar.zst"
    assert contents.sha256 == hashlib.sha256(data).hexdigest()
    assert stream.read() == b""


def test_a_bad_stream_is_named_stdin(archives: dict[str, Path]) -> None:
    with pytest.raises(ArchiveError, match=r"^stdin is empty"):
        read_archive(io.BytesIO(b""), keep=layout.keep)
    with pytest.raises(ArchiveError, match=r"^stdin is a zip file"):
        read_archive(io.BytesIO(b"PK\x03\x04" + bytes(600)), keep=layout.keep)
    data = archives["zst"].read_bytes()
    with pytest.raises(ArchiveError, match=r"x\.tar\.zst \(stdin\) is truncated or corrupt"):
        read_archive(io.BytesIO(data[: len(data) // 2]), keep=layout.keep, name="x.tar.zst")


def test_a_fifo_path_is_opened_once(archives: dict[str, Path], tmp_path: Path) -> None:
    """/dev/stdin on a pipe: the first bytes must not be lost to a second open."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    data = archives["gz"].read_bytes()

    def feed() -> None:
        with open(fifo, "wb") as out:
            out.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        contents = read_archive(fifo, keep=layout.keep)
    finally:
        writer.join()
    assert contents.sha256 == hashlib.sha256(data).hexdigest()
    assert contents.size == len(data) and contents.container is Container.GZIP_TAR


def test_a_folder_of_archives_expands_to_them_in_sorted_order(tmp_path: Path) -> None:
    spec = era_archive("linux-3.10-20221220")
    (tmp_path / "b").mkdir()
    write_archive(spec, tmp_path / "b" / "z.tar.gz", container="gz")
    write_archive(spec, tmp_path / "a.tar.zst")
    write_archive(spec, tmp_path / "c.tgz", container="gz")
    (tmp_path / "notes.txt").write_text("not an input\n")
    (tmp_path / "link.tar.zst").symlink_to(tmp_path / "a.tar.zst")  # links are not followed
    refs = expand_inputs([tmp_path])
    assert [os.path.relpath(r.path, tmp_path) for r in refs] == [
        "a.tar.zst",
        os.path.join("b", "z.tar.gz"),
        "c.tgz",
    ]
    assert {r.given for r in refs} == {str(tmp_path)}


def test_a_folder_with_installations_is_one_container_and_its_archives_are_inputs(
    tmp_path: Path,
) -> None:
    spec = to_install_only(era_archive("linux-3.10-20221220"))
    write_archive(relocate(spec, "uv/cpython-3.10.9-linux-x86_64-gnu"), tmp_path, container="dir")
    (tmp_path / "downloads").mkdir()
    write_archive(era_archive("linux-3.9-20221220"), tmp_path / "downloads" / "x.tar.zst")
    inside = tmp_path / "uv" / "cpython-3.10.9-linux-x86_64-gnu" / "lib" / "bundled.tar.gz"
    write_archive(era_archive("linux-3.9-20221220"), inside, container="gz")
    refs = expand_inputs([tmp_path, STDIN, tmp_path / "downloads" / "x.tar.zst"])
    assert [r.path for r in refs] == [
        str(tmp_path),  # the container: discovery finds the uv installation
        str(tmp_path / "downloads" / "x.tar.zst"),  # not the one inside the installation
        STDIN,
        str(tmp_path / "downloads" / "x.tar.zst"),
    ]
    assert refs[2].stdin and refs[2].label == "stdin"


def test_a_folder_with_nothing_is_one_input_and_stdin_is_read_once(tmp_path: Path) -> None:
    assert [r.path for r in expand_inputs([tmp_path])] == [str(tmp_path)]
    with pytest.raises(UsageError, match="once"):
        expand_inputs([STDIN, STDIN])


def test_an_executable_on_stdin_is_named_and_the_remedy_given(archives: dict[str, Path]) -> None:
    """`curl .../myapp | licscan check -`: an executable with an archive appended is read at
    several offsets, so only from a file; the line says so (it gave only its first bytes)."""
    elf = Path("/bin/true").read_bytes() + archives["gz"].read_bytes()
    with pytest.raises(ArchiveError) as caught:
        read_archive(io.BytesIO(elf), keep=layout.keep)
    message = str(caught.value)
    assert message.startswith("stdin is an executable (ELF)")
    assert "give it as a file" in message and "\n" not in message
    pe = b"MZ" + bytes(0x3A) + (0x40).to_bytes(4, "little") + b"PE\0\0" + bytes(600)
    with pytest.raises(ArchiveError, match=r"^stdin is an executable \(PE\)"):
        read_archive(io.BytesIO(pe), keep=layout.keep)
