"""Crafted headers, special files, bad policies and report targets."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from tests.builders import PYTHON_JSON, era_archive, write_archive
from tests.builders.layout import dist_metadata
from tests.hostile.support import assert_clean, assert_refused, run


def _tar_with(path: Path, info: tarfile.TarInfo, fmt: int = tarfile.PAX_FORMAT) -> Path:
    """The linux 3.10 archive as a plain tar, with one extra member `info` at the end."""
    spec = era_archive("linux-3.10-20221220")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
        raw = spec.json_bytes()
        assert raw is not None
        for name, data in [(PYTHON_JSON, raw), *sorted(spec.members.items())]:
            member = tarfile.TarInfo(name)
            member.size, member.mtime = len(data), 1704067200
            tar.addfile(member, io.BytesIO(data))
        tar.addfile(info, io.BytesIO(b"x"))
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e18", "-5"])
def test_a_pax_mtime_out_of_range_is_no_crash(tmp_path: Path, value: str) -> None:
    info = tarfile.TarInfo("python/extra.txt")
    info.size, info.pax_headers = 1, {"mtime": value}
    archive = _tar_with(tmp_path / "pax.tar", info)
    assert_clean(run("scan", archive, "--json"))
    assert_clean(run("report", archive, "-o", tmp_path / "out"))


def test_a_huge_gnu_base256_mtime_is_no_crash(tmp_path: Path) -> None:
    info = tarfile.TarInfo("python/extra.txt")
    info.size, info.mtime = 1, 8**20  # too large for octal: base-256
    archive = _tar_with(tmp_path / "gnu.tar", info, tarfile.GNU_FORMAT)
    assert_clean(run("report", archive, "-o", tmp_path / "out"))


def test_a_huge_pax_number_is_a_plain_error(tmp_path: Path) -> None:
    info = tarfile.TarInfo("python/extra.txt")
    info.size, info.pax_headers = 1, {"size": "9" * 5000}
    line = assert_refused(run("scan", _tar_with(tmp_path / "digits.tar", info)))
    assert "int_max_str_digits" not in line


def test_an_empty_metadata_name_falls_back_to_the_folder(tmp_path: Path) -> None:
    spec = era_archive("linux-3.10-20221220")
    dist = "python/install/lib/python3.10/site-packages/foo-1.0.dist-info"
    spec.members[f"{dist}/METADATA"] = dist_metadata("", "1.0", "MIT")
    spec.members[f"{dist}/RECORD"] = b""
    archive = write_archive(spec, tmp_path / "noname.tar.zst")
    result = run("report", archive, "-o", tmp_path / "out")
    assert_clean(result)
    assert "pkg:pypi/foo@1.0" in (tmp_path / "out" / "noname.cdx.json").read_text() or any(
        "pkg:pypi/foo@1.0" in p.read_text(errors="replace") for p in (tmp_path / "out").iterdir()
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ok")
    return write_archive(era_archive("linux-3.10-20221220"), folder / "ok.tar.zst")


def test_a_deeply_nested_policy_is_a_policy_error(tmp_path: Path, archive: Path) -> None:
    policy = tmp_path / "deep.toml"
    policy.write_text("a = " + "[" * 10_000)
    assert_refused(run("check", archive, "-p", policy), "nested too deeply")


def test_a_policy_that_is_not_a_regular_file_is_refused(tmp_path: Path, archive: Path) -> None:
    fifo = tmp_path / "policy.toml"
    os.mkfifo(fifo)
    assert_refused(run("check", archive, "-p", fifo, timeout=30), "not a regular file")
    assert_refused(run("check", archive, "-p", tmp_path), "directory")
    assert_refused(run("check", archive, "-p", "/dev/zero", timeout=30), "not a regular file")
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (2**20 + 10))
    assert_refused(run("check", archive, "-p", big), "larger than")


def test_an_input_that_is_a_fifo_or_a_device_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "in.tar.zst"
    os.mkfifo(fifo)
    assert_refused(run("scan", fifo, timeout=30), "FIFO")
    assert_refused(run("scan", "/dev/zero", timeout=30), "device")


def test_a_report_target_that_is_a_folder_leaves_nothing(tmp_path: Path, archive: Path) -> None:
    out = tmp_path / "out"
    (out / "ok.spdx.json").mkdir(parents=True)
    assert_refused(run("report", archive, "-o", out), "folder")
    assert [p.name for p in out.iterdir()] == ["ok.spdx.json"]


def test_a_damaged_gzip_header_is_said_plainly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"\x1f\x8b\x01g" + bytes(600))
    line = assert_refused(run("scan", bad))
    assert "b'" not in line and "\\x" not in line
