"""The read stage: containers told apart by content, safe streaming, limits, directories."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from licscan.errors import ArchiveError, InputError
from licscan.model import ArchiveContents, Container, MemberKind
from licscan.read import Limits
from licscan.read.archive import detect_container, read_archive
from licscan.read.discover import installations

MTIME = 1704067200
PYTHON_JSON = b'{"version": "8"}'
ZLIB_TEXT = b"zlib license text\n" * 50


def keep_metadata(name: str) -> bool:
    return name == "python/PYTHON.json" or name.startswith("python/licenses/")


def keep_nothing(name: str) -> bool:
    return False


def file_entry(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), MTIME, 0o644
    return info, data


def special_entry(name: str, kind: bytes, target: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.mtime = kind, target, MTIME
    return info, None


def tar_bytes(entries: list[tuple[tarfile.TarInfo, bytes | None]]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return out.getvalue()


def zst(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=3, write_checksum=True).compress(data)


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def full_archive() -> bytes:
    """A small full-archive lookalike; members deliberately not in sorted order."""
    return tar_bytes(
        [
            file_entry("python/PYTHON.json", PYTHON_JSON),
            file_entry("python/install/bin/python3.11", os.urandom(3000)),
            special_entry("python/install/bin/python3", tarfile.SYMTYPE, "python3.11"),
            file_entry("python/build/lib/libz.a", b"\x7fELF" * 100),
            file_entry("python/licenses/LICENSE.zlib.txt", ZLIB_TEXT),
        ]
    )


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- containers


@pytest.mark.parametrize(
    ("pack", "misleading_name", "container"),
    [
        (zst, "cpython.tar.gz", Container.ZSTD_TAR),
        (gz, "cpython.tar.zst", Container.GZIP_TAR),
        (lambda data: data, "cpython.tar.zst", Container.TAR),
    ],
)
def test_container_is_detected_by_content_not_by_name(
    tmp_path: Path, pack: Callable[[bytes], bytes], misleading_name: str, container: Container
) -> None:
    path = write(tmp_path, misleading_name, pack(full_archive()))
    assert detect_container(path) is container
    contents = read_archive(path, keep=keep_metadata)
    assert contents.container is container
    assert contents.member("python/PYTHON.json") is not None
    assert contents.kept["python/PYTHON.json"] == PYTHON_JSON


def test_directory_is_detected(tmp_path: Path) -> None:
    assert detect_container(tmp_path) is Container.DIRECTORY


def test_members_come_in_archive_order_with_sizes_hashes_and_mtimes(tmp_path: Path) -> None:
    payload = os.urandom(5000)
    data = tar_bytes(
        [
            file_entry("python/PYTHON.json", PYTHON_JSON),
            file_entry("python/z-last-by-name", payload),
            special_entry("python/install", tarfile.DIRTYPE),
            file_entry("python/a-first-by-name", b""),
        ]
    )
    contents = read_archive(write(tmp_path, "a.tar.zst", zst(data)), keep=keep_nothing)
    assert [m.name for m in contents.members] == [
        "python/PYTHON.json",
        "python/z-last-by-name",
        "python/install",
        "python/a-first-by-name",
    ]
    payload_member = contents.members[1]
    assert payload_member.size == 5000
    assert payload_member.kind is MemberKind.FILE
    assert payload_member.sha256 == hashlib.sha256(payload).hexdigest()
    assert payload_member.mtime == MTIME
    assert contents.members[2].kind is MemberKind.DIRECTORY
    assert contents.members[2].sha256 is None
    assert contents.members[3].sha256 == hashlib.sha256(b"").hexdigest()


def test_member_names_are_normalized(tmp_path: Path) -> None:
    data = tar_bytes(
        [
            special_entry("./", tarfile.DIRTYPE),
            file_entry("./python//PYTHON.json", PYTHON_JSON),
            special_entry("./python/lib/", tarfile.DIRTYPE),
        ]
    )
    contents = read_archive(write(tmp_path, "a.tar", data), keep=keep_metadata)
    assert [m.name for m in contents.members] == ["python/PYTHON.json", "python/lib"]
    assert contents.kept["python/PYTHON.json"] == PYTHON_JSON


def test_only_wanted_members_are_kept(tmp_path: Path) -> None:
    contents = read_archive(write(tmp_path, "a.tar.zst", zst(full_archive())), keep=keep_metadata)
    assert dict(contents.kept) == {
        "python/PYTHON.json": PYTHON_JSON,
        "python/licenses/LICENSE.zlib.txt": ZLIB_TEXT,
    }
    assert dict(contents.not_kept) == {}


def test_archive_hash_and_size_are_those_of_the_file(tmp_path: Path) -> None:
    packed = zst(full_archive())
    path = write(tmp_path, "cpython-3.11.9+20240415-x86_64-unknown-linux-gnu-full.tar.zst", packed)
    contents = read_archive(path, keep=keep_nothing)
    assert contents.sha256 == hashlib.sha256(packed).hexdigest()
    assert contents.size == len(packed)
    assert contents.source == str(path)
    assert contents.file_name == path.name


def test_archive_hash_covers_bytes_after_the_tar_end_marker(tmp_path: Path) -> None:
    packed = gz(full_archive() + b"\0" * 30000)  # extra zero padding tarfile never reads
    contents = read_archive(write(tmp_path, "a.tar.gz", packed), keep=keep_nothing)
    assert contents.sha256 == hashlib.sha256(packed).hexdigest()


def test_zstd_archive_of_several_frames_is_read_across_frames(tmp_path: Path) -> None:
    data = full_archive()
    packed = zst(data[:4096]) + zst(data[4096:])
    contents = read_archive(write(tmp_path, "a.tar.zst", packed), keep=keep_metadata)
    assert contents.kept["python/licenses/LICENSE.zlib.txt"] == ZLIB_TEXT


def test_inspector_receives_the_exact_bytes_of_each_file(tmp_path: Path) -> None:
    big = os.urandom(2 * 2**20 + 12345)  # several read chunks
    data = tar_bytes(
        [
            file_entry("python/PYTHON.json", PYTHON_JSON),
            file_entry("python/install/lib/libpython3.11.so", big),
            special_entry("python/install/lib/libpython3.so", tarfile.SYMTYPE, "libpython3.11.so"),
        ]
    )
    seen: dict[str, tuple[int, bytearray]] = {}

    def inspect(name: str, size: int) -> Callable[[bytes], None] | None:
        if not name.endswith(".so"):
            return None
        buffer = bytearray()
        seen[name] = (size, buffer)
        return buffer.extend

    read_archive(write(tmp_path, "a.tar.zst", zst(data)), keep=keep_nothing, inspect=inspect)
    assert list(seen) == ["python/install/lib/libpython3.11.so"]
    size, received = seen["python/install/lib/libpython3.11.so"]
    assert size == len(big)
    assert bytes(received) == big


def test_progress_reports_input_bytes_up_to_the_total(tmp_path: Path) -> None:
    packed = zst(tar_bytes([file_entry("python/blob", os.urandom(3 * 2**20))]))
    calls: list[tuple[int, int]] = []
    read_archive(
        write(tmp_path, "a.tar.zst", packed),
        keep=keep_nothing,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (len(packed), len(packed))
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert len(calls) <= len(packed) // 2**20 + 2


# --------------------------------------------------------------------------- links and oddities


def test_symlink_is_recorded_and_never_followed_or_kept(tmp_path: Path) -> None:
    data = tar_bytes(
        [
            file_entry("python/PYTHON.json", PYTHON_JSON),
            special_entry("python/licenses/LICENSE.evil.txt", tarfile.SYMTYPE, "/etc/passwd"),
            special_entry(
                "python/licenses/LICENSE.hard.txt", tarfile.LNKTYPE, "./python/PYTHON.json"
            ),
        ]
    )
    contents = read_archive(write(tmp_path, "a.tar.zst", zst(data)), keep=keep_metadata)
    link = contents.member("python/licenses/LICENSE.evil.txt")
    assert link is not None
    assert link.kind is MemberKind.SYMLINK
    assert link.link_target == "/etc/passwd"
    assert link.sha256 is None
    hard = contents.member("python/licenses/LICENSE.hard.txt")
    assert hard is not None
    assert hard.kind is MemberKind.HARDLINK
    assert hard.link_target == "python/PYTHON.json"
    assert set(contents.kept) == {"python/PYTHON.json"}
    reason = contents.not_kept["python/licenses/LICENSE.evil.txt"]
    assert "symbolic link to /etc/passwd" in reason
    assert "links are not followed" in reason
    assert (
        "hard link to python/PYTHON.json" in contents.not_kept["python/licenses/LICENSE.hard.txt"]
    )


def test_devices_and_fifos_are_other_members(tmp_path: Path) -> None:
    data = tar_bytes(
        [
            special_entry("python/fifo", tarfile.FIFOTYPE),
            special_entry("python/tty", tarfile.CHRTYPE),
        ]
    )
    contents = read_archive(write(tmp_path, "a.tar", data), keep=keep_nothing)
    assert [m.kind for m in contents.members] == [MemberKind.OTHER, MemberKind.OTHER]


@pytest.mark.parametrize(
    "name", ["python/../../etc/passwd", "/etc/passwd", "python\\..\\..\\evil", "C:/evil"]
)
def test_path_tricks_are_refused(tmp_path: Path, name: str) -> None:
    data = tar_bytes([file_entry("python/PYTHON.json", PYTHON_JSON), file_entry(name, b"x")])
    with pytest.raises(ArchiveError, match="path tricks") as caught:
        read_archive(write(tmp_path, "a.tar.zst", zst(data)), keep=keep_nothing)
    assert repr(name) in str(caught.value)


def test_a_kept_member_twice_is_refused(tmp_path: Path) -> None:
    data = tar_bytes(
        [file_entry("python/PYTHON.json", PYTHON_JSON), file_entry("./python/PYTHON.json", b"{}")]
    )
    with pytest.raises(ArchiveError, match=r"python/PYTHON\.json twice"):
        read_archive(write(tmp_path, "a.tar.zst", zst(data)), keep=keep_metadata)


def test_an_unkept_member_twice_is_recorded_twice(tmp_path: Path) -> None:
    data = tar_bytes([file_entry("python/bin/x", b"1"), file_entry("python/bin/x", b"22")])
    contents = read_archive(write(tmp_path, "a.tar", data), keep=keep_nothing)
    assert [m.size for m in contents.members] == [1, 2]


# --------------------------------------------------------------------------- broken input


@pytest.mark.parametrize("cut", ["half", "checksum", "one byte"])
def test_truncated_zstd_is_an_archive_error(tmp_path: Path, cut: str) -> None:
    packed = zst(full_archive())
    keep_bytes = {
        "half": len(packed) // 2,
        "checksum": len(packed) - 4,
        "one byte": len(packed) - 1,
    }
    path = write(tmp_path, "a.tar.zst", packed[: keep_bytes[cut]])
    with pytest.raises(ArchiveError, match=r"truncated or corrupt.*download it again"):
        read_archive(path, keep=keep_metadata)


def test_truncated_zstd_without_checksum_is_an_archive_error(tmp_path: Path) -> None:
    packed = zstandard.ZstdCompressor(write_checksum=False).compress(full_archive())
    path = write(tmp_path, "a.tar.zst", packed[:-1])
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        read_archive(path, keep=keep_nothing)


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.999])
def test_truncated_gzip_is_an_archive_error(tmp_path: Path, cut: float) -> None:
    packed = gz(full_archive())
    path = write(tmp_path, "a.tar.gz", packed[: int(len(packed) * cut)])
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        read_archive(path, keep=keep_metadata)


def test_tar_cut_at_a_member_boundary_is_an_archive_error(tmp_path: Path) -> None:
    data = tar_bytes([file_entry("python/PYTHON.json", PYTHON_JSON), file_entry("python/x", b"x")])
    second_header = data.index(b"python/x")
    assert second_header % tarfile.BLOCKSIZE == 0
    path = write(tmp_path, "a.tar.zst", zst(data[:second_header]))
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        read_archive(path, keep=keep_nothing)


def test_corrupted_zstd_is_an_archive_error(tmp_path: Path) -> None:
    packed = bytearray(zst(full_archive()))
    for i in range(40, len(packed) - 8, 7):
        packed[i] ^= 0x5A
    with pytest.raises(ArchiveError, match="truncated or corrupt"):
        read_archive(write(tmp_path, "a.tar.zst", bytes(packed)), keep=keep_nothing)


def test_random_bytes_are_not_an_archive(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tar.zst", b"\x01\x02\x03garbage" + os.urandom(2000))
    with pytest.raises(ArchiveError, match=r"is not a tar, tar\.gz or tar\.zst archive") as caught:
        read_archive(path, keep=keep_nothing)
    assert "01 02 03" in str(caught.value)


def test_empty_file_is_an_archive_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="empty"):
        read_archive(write(tmp_path, "a.tar.zst", b""), keep=keep_nothing)


@pytest.mark.parametrize(
    "magic", [b"\xfd7zXZ\x00", b"BZh91AY&SY", b"PK\x03\x04"], ids=["xz", "bzip2", "zip"]
)
def test_other_compressors_are_named_and_refused(tmp_path: Path, magic: bytes) -> None:
    with pytest.raises(ArchiveError, match=r"\.tar\.zst or \.tar\.gz"):
        read_archive(write(tmp_path, "a.tar.zst", magic + bytes(600)), keep=keep_nothing)


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.tar.zst"
    with pytest.raises(InputError, match="no such file or directory") as caught:
        read_archive(missing, keep=keep_nothing)
    assert not isinstance(caught.value, ArchiveError)


# --------------------------------------------------------------------------- limits


def test_kept_member_over_the_limit_is_listed_not_kept(tmp_path: Path) -> None:
    contents = read_archive(
        write(tmp_path, "a.tar.zst", zst(full_archive())),
        keep=keep_metadata,
        limits=Limits(kept_bytes=len(PYTHON_JSON)),
    )
    assert contents.kept["python/PYTHON.json"] == PYTHON_JSON
    assert "python/licenses/LICENSE.zlib.txt" not in contents.kept
    assert "kept_bytes" in contents.not_kept["python/licenses/LICENSE.zlib.txt"]
    member = contents.member("python/licenses/LICENSE.zlib.txt")
    assert member is not None
    assert member.sha256 == hashlib.sha256(ZLIB_TEXT).hexdigest()


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    bomb = zst(tar_bytes([file_entry("python/zeros", bytes(8 * 2**20))]))
    assert len(bomb) < 2**16
    with pytest.raises(ArchiveError, match=r"limit total_bytes"):
        read_archive(
            write(tmp_path, "a.tar.zst", bomb),
            keep=keep_nothing,
            limits=Limits(total_bytes=2**20),
        )


def test_too_many_members_is_refused(tmp_path: Path) -> None:
    data = tar_bytes([file_entry(f"python/f{i}", b"") for i in range(11)])
    path = write(tmp_path, "a.tar.gz", gz(data))
    assert len(read_archive(path, keep=keep_nothing, limits=Limits(members=11)).members) == 11
    with pytest.raises(ArchiveError, match=r"limit members"):
        read_archive(path, keep=keep_nothing, limits=Limits(members=10))


# --------------------------------------------------------------------------- directories


def make_python_folder(python: Path) -> None:
    (python / "licenses").mkdir(parents=True)
    (python / "install" / "bin").mkdir(parents=True)
    (python / "PYTHON.json").write_bytes(PYTHON_JSON)
    (python / "licenses" / "LICENSE.zlib.txt").write_bytes(ZLIB_TEXT)
    (python / "install" / "bin" / "python3.11").write_bytes(b"\x7fELF binary")
    (python / "install" / "bin" / "python3").symlink_to("python3.11")


def test_directory_in_both_forms_gives_the_same_members(tmp_path: Path) -> None:
    make_python_folder(tmp_path / "unpacked" / "python")
    (outer,) = installations(read_archive(tmp_path / "unpacked", keep=keep_metadata))
    (inner,) = installations(read_archive(tmp_path / "unpacked" / "python", keep=keep_metadata))
    assert (outer.root, inner.root) == ("python", "")
    names = [m.name for m in outer.members]
    assert names == [m.name for m in inner.members]
    assert names == [
        "python/PYTHON.json",
        "python/install",
        "python/install/bin",
        "python/install/bin/python3",
        "python/install/bin/python3.11",
        "python/licenses",
        "python/licenses/LICENSE.zlib.txt",
    ]
    assert outer.sha256 == inner.sha256
    assert outer.container is Container.DIRECTORY
    assert outer.file_name == "unpacked"
    assert inner.file_name == "python"
    assert outer.size == len(PYTHON_JSON) + len(ZLIB_TEXT) + len(b"\x7fELF binary")
    assert dict(outer.kept) == {
        "python/PYTHON.json": PYTHON_JSON,
        "python/licenses/LICENSE.zlib.txt": ZLIB_TEXT,
    }
    link = outer.member("python/install/bin/python3")
    assert link is not None
    assert (link.kind, link.link_target) == (MemberKind.SYMLINK, "python3.11")


def test_directory_hash_changes_with_a_file(tmp_path: Path) -> None:
    make_python_folder(tmp_path / "python")
    before = read_archive(tmp_path, keep=keep_nothing).sha256
    (tmp_path / "python" / "licenses" / "LICENSE.zlib.txt").write_bytes(b"changed")
    assert read_archive(tmp_path, keep=keep_nothing).sha256 != before


def test_directory_symlinks_leaving_the_root_are_recorded_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_bytes(b"secret")
    (outside / "deep" / "more.txt").write_bytes(b"more")
    python = tmp_path / "root" / "python"
    make_python_folder(python)
    (python / "install" / "escape").symlink_to(outside, target_is_directory=True)
    (python / "licenses" / "LICENSE.evil.txt").symlink_to(outside / "secret.txt")
    contents = read_archive(tmp_path / "root", keep=keep_metadata)
    names = [m.name for m in contents.members]
    assert not any("secret" in n or "more.txt" in n or "deep" in n for n in names)
    escape = contents.member("python/install/escape")
    assert escape is not None
    assert (escape.kind, escape.link_target) == (MemberKind.SYMLINK, str(outside))
    assert "python/licenses/LICENSE.evil.txt" not in contents.kept
    assert "links are not followed" in contents.not_kept["python/licenses/LICENSE.evil.txt"]


def test_directory_that_holds_no_installation_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ArchiveError, match="holds no Python installation"):
        installations(read_archive(tmp_path, keep=keep_nothing))


def test_directory_and_archive_of_the_same_tree_list_the_same_files(tmp_path: Path) -> None:
    make_python_folder(tmp_path / "tree" / "python")
    archive = tmp_path / "a.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "tree" / "python", arcname="python")
    from_dir: ArchiveContents = read_archive(tmp_path / "tree", keep=keep_metadata)
    from_tar = read_archive(archive, keep=keep_metadata)
    assert sorted((m.name, m.kind, m.sha256) for m in from_tar.members if m.name != "python") == [
        (m.name, m.kind, m.sha256) for m in from_dir.members
    ]
    assert dict(from_tar.kept) == dict(from_dir.kept)


def test_only_members_a_report_may_cite_are_hashed_by_the_scan_rule(tmp_path: Path) -> None:
    from licscan.read import layout

    data = tar_bytes(
        [
            file_entry("python/PYTHON.json", PYTHON_JSON),
            file_entry("python/install/lib/python3.11/os.py", b"import sys\n"),
            file_entry("python/install/lib/libpython3.11.dylib", b"\xcf\xfa\xed\xfe code"),
            file_entry("python/install/bin/python3.11", b"\x7fELF"),
        ]
    )
    archive = write(tmp_path, "a.tar.zst", zst(data))
    contents = read_archive(archive, keep=layout.keep, hash_rule=layout.hashed)
    digests = {m.name: m.sha256 for m in contents.members}
    assert digests["python/install/lib/python3.11/os.py"] is None
    assert digests["python/install/lib/libpython3.11.dylib"] is not None
    assert digests["python/install/bin/python3.11"] is not None
    assert digests["python/PYTHON.json"] == hashlib.sha256(PYTHON_JSON).hexdigest()
    folder = tmp_path / "tree"
    make_python_folder(folder / "python")
    every = read_archive(folder, keep=layout.keep, hash_rule=layout.hashed)
    assert all(m.sha256 for m in every.members if m.kind is MemberKind.FILE)


def _pax_member(records: bytes) -> bytes:
    """A tar with one pax extended header carrying `records`, then a small file."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        header = tarfile.TarInfo("././@PaxHeader")
        header.type, header.size = tarfile.XHDTYPE, len(records)
        tar.addfile(header, io.BytesIO(records))
        info = tarfile.TarInfo("python/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    return raw.getvalue()


@pytest.mark.parametrize(
    "records",
    [
        b"13 size=-500\n",
        b"9" * 5000 + b" path=x\n",
        b"30 size=" + b"9" * 21 + b"\n",
    ],
    ids=["negative size", "5000-digit record length", "size beyond any archive"],
)
def test_impossible_numbers_in_pax_headers_are_archive_errors(
    tmp_path: Path, records: bytes
) -> None:
    path = write(tmp_path, "a.tar.zst", zst(_pax_member(records)))
    with pytest.raises(ArchiveError, match=r"truncated or corrupt|limit member_bytes"):
        read_archive(path, keep=keep_nothing)
