"""Executables with a distribution inside: appended, added as a section, among other streams."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import licscan
from licscan.model import Container, Inventory
from tests.builders import era_archive, to_install_only, write_archive
from tests.render.test_render_formats import _documented_keys, _objects

SYSTEM_BINARY = Path("/bin/true")  # a real ELF executable of the machine running the tests


def archive(tmp_path: Path, container: str = "gz") -> Path:
    """An install_only archive, named without a PBS asset name (the embedded one has none)."""
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    return write_archive(spec, tmp_path / f"dist.tar.{container}", container=container)  # type: ignore[arg-type]


def judged(inventory: Inventory) -> tuple[object, ...]:
    verdict = licscan.judge(inventory)
    return (
        [(c.key, c.version, c.concluded.expression) for c in inventory.components],
        sorted((f.id, f.component) for f in verdict.findings),
        inventory.release,
        inventory.python_version,
    )


def other_tar_gz() -> bytes:
    """An embedded stream that is an archive but no Python distribution."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        data = b"resources of the app\n"
        info = tarfile.TarInfo("assets/readme.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.parametrize("container", ["gz", "zst"])
def test_an_archive_appended_to_a_real_executable_is_judged_as_given_directly(
    tmp_path: Path, container: str
) -> None:
    given = archive(tmp_path, container)
    exe = tmp_path / "myapp"
    head = SYSTEM_BINARY.read_bytes()
    exe.write_bytes(head + given.read_bytes())
    found = licscan.scan(exe)
    assert judged(found) == judged(licscan.scan(given))
    assert found.archive.container is Container.EXECUTABLE
    origin = found.archive.origin
    assert origin is not None and origin.name == "myapp"
    assert origin.offset == len(head)
    assert origin.compression == ("gzip" if container == "gz" else "zstd")
    digest = hashlib.sha256(given.read_bytes()).hexdigest()
    assert found.archive.sha256 == origin.embedded_sha256 == digest  # the asset as downloaded
    report = licscan.Report(found, licscan.judge(found))
    document = json.loads(licscan.render_report(report, "json"))
    documented = _documented_keys()
    for path, keys in _objects(document, ""):
        if path.startswith("distribution.archive"):  # the archive, its origin and layers
            assert keys == documented[path], path
    assert document["distribution"]["archive"]["origin"]["offset"] == len(head)
    for fmt in ("json", "notice", "cyclonedx", "spdx", "spdx3", "html"):
        out = licscan.render_report(report, fmt)
        assert b"myapp" in out and str(len(head)).encode() in out.replace(b",", b""), fmt


def test_an_archive_added_as_an_elf_section_is_found(tmp_path: Path) -> None:
    objcopy = shutil.which("objcopy")
    if objcopy is None:
        pytest.skip("objcopy (binutils) is not installed: cannot add a section")
    given = archive(tmp_path, "zst")
    exe = tmp_path / "pyapp"
    subprocess.run(
        [objcopy, "--add-section", f".pyapp_dist={given}", str(SYSTEM_BINARY), str(exe)],
        check=True,
    )
    found = licscan.scan(exe)
    assert judged(found) == judged(licscan.scan(given))
    origin = found.archive.origin
    assert origin is not None and origin.offset is not None
    data = exe.read_bytes()
    assert data[origin.offset : origin.offset + given.stat().st_size] == given.read_bytes()
    assert origin.offset + given.stat().st_size < len(data)  # section headers follow it


def test_of_two_embedded_streams_the_distribution_is_read(tmp_path: Path) -> None:
    given = archive(tmp_path)
    exe = tmp_path / "two"
    head = SYSTEM_BINARY.read_bytes() + other_tar_gz() + gzip.compress(b"not a tar", mtime=0)
    exe.write_bytes(head + given.read_bytes())
    found = licscan.scan(exe)
    assert found.archive.origin is not None and found.archive.origin.offset == len(head)
    assert judged(found) == judged(licscan.scan(given))
    assert not any("assets/" in m for m in found.license_texts)


def test_an_executable_without_a_distribution_is_a_clear_bad_input(tmp_path: Path) -> None:
    exe = tmp_path / "plain"
    exe.write_bytes(SYSTEM_BINARY.read_bytes() + other_tar_gz())
    for path in (SYSTEM_BINARY, exe):
        result = subprocess.run(
            [sys.executable, "-m", "licscan", "scan", str(path)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 2
        assert "looked for gzip and zstd streams" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    with pytest.raises(licscan.InputError, match=r"found 1 archive\(s\) holding no Python"):
        licscan.scan(exe)
    with pytest.raises(licscan.InputError, match="found none"):
        licscan.scan(SYSTEM_BINARY)


def test_a_truncated_embedded_archive_is_a_clear_error(tmp_path: Path) -> None:
    given = archive(tmp_path).read_bytes()
    exe = tmp_path / "cut"
    exe.write_bytes(SYSTEM_BINARY.read_bytes() + given[: len(given) // 2])
    with pytest.raises(licscan.InputError, match="truncated or corrupt"):
        licscan.scan(exe)


def test_an_executable_full_of_false_magic_bytes_is_refused_quickly(tmp_path: Path) -> None:
    exe = tmp_path / "noise"
    exe.write_bytes(SYSTEM_BINARY.read_bytes() + b"\x1f\x8b\x08\x00" * 20_000)
    with pytest.raises(licscan.InputError, match="magic bytes at more than 10,000 places"):
        licscan.scan(exe)
