"""`licscan strip` (#14): a copy of a distribution without the removable extension modules that
bring a denied license, a source offer or a disputed license, re-scanned; refused (nothing
written) for code inside libpython. Archives from tests/builders, read back member by member."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import zstandard

from licscan import api
from licscan.errors import MetadataError, UsageError
from licscan.judge import parse_policy
from licscan.model import Container, Flavor
from licscan.render import strip_write
from tests.builders import (
    archive_names,
    era_archive,
    full_archive_spec,
    iter_archive_contents,
    linux_python_json,
    synthetic_full_spec,
    to_install_only,
    write_archive,
)

FULL_314 = "cpython-3.14.7+20260814-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
FULL_313 = "cpython-3.13.9+20251031-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
INSTALL_314 = "cpython-3.14.7+20260814-x86_64-unknown-linux-gnu-install_only.tar.gz"
GPL_39 = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
MANIFEST = "python/LICSCAN-STRIPPED.json"
GONE = ("source-offer", "disputed-license")


def _full(tmp: Path, name: str) -> Path:
    if name == FULL_313:
        spec = synthetic_full_spec(linux_python_json("3.13", "20251031"), release="20251031")
    else:
        spec = era_archive("linux-3.14-20260814")
    return write_archive(spec, tmp / name)


def _headers(path: Path) -> dict[str, tuple[object, ...]]:
    return {
        i.name: (i.type, i.mode, i.mtime, i.uid, i.gid, i.uname, i.gname, i.linkname, i.size)
        for i, _ in iter_archive_contents(path)
    }


def _findings(result: api.StripResult) -> set[tuple[str, str | None]]:
    return {(f.id, f.component) for f in result.after.verdict.findings}


@pytest.mark.parametrize("name", [FULL_314, FULL_313])
def test_strip_removes_dbm_from_a_full_archive_and_the_rescan_is_clean(
    tmp_path: Path, name: str
) -> None:
    source = _full(tmp_path, name)
    before = archive_names(source)
    result = api.strip(source, tmp_path / "out" / name)
    assert result.plan.extensions == ("_dbm",)
    after = archive_names(result.output)
    removed = set(before) - set(after)
    assert {n.rsplit("/", 1)[-1] for n in removed} >= {
        "_dbmmodule.o",
        "libdb.a",
        "LICENSE.bdb.txt",
    }
    assert any("/lib-dynload/_dbm." in n for n in removed)
    assert set(after) - set(before) == {MANIFEST}
    # the original order, the manifest where the sorted order puts it
    assert [n for n in after if n != MANIFEST] == [n for n in before if n not in removed]
    assert after[:2] == ["python/PYTHON.json", MANIFEST]
    # every kept member keeps its metadata (modes, mtimes, owners, links)
    old, new = _headers(source), _headers(result.output)
    for member in after:
        if member not in ("python/PYTHON.json", MANIFEST):
            assert new[member] == old[member], member
    contents = dict((i.name, data) for i, data in iter_archive_contents(result.output))
    info = json.loads(contents["python/PYTHON.json"] or b"")
    assert "_dbm" not in info["build_info"]["extensions"]
    assert "_ssl" in info["build_info"]["extensions"]
    # the re-scan: a valid full distribution without Berkeley DB, saying what was stripped
    inventory = result.after.inventory
    assert inventory.flavor is Flavor.FULL and inventory.metadata is not None
    assert inventory.component("bdb") is None
    assert not {f for f, _ in _findings(result)} & set(GONE)
    assert ("source-offer", "bdb") in {(f.id, f.component) for f in result.before.verdict.findings}
    assert result.after.verdict.passed
    stripped = inventory.stripped
    assert stripped is not None and stripped.extensions == ("_dbm",)
    assert stripped.components == ("bdb",)
    assert "python/licenses/LICENSE.bdb.txt" in stripped.removed
    document = json.loads(api.render_report(result.after, "json"))
    assert document["stripped"]["extensions"] == ["_dbm"]
    page = api.render_report(result.after, "html").decode()
    assert "Stripped by licscan" in page and "LICENSE.bdb.txt" in page


def test_strip_an_install_only_archive_keeps_gzip(tmp_path: Path) -> None:
    spec = to_install_only(era_archive("linux-3.14-20260814"), release="20260814")
    source = write_archive(spec, tmp_path / INSTALL_314, container="gz")
    assert api.scan(source).component("bdb") is not None
    result = api.strip(source, tmp_path / "out" / INSTALL_314)
    assert result.output.read_bytes()[:2] == b"\x1f\x8b"
    assert result.after.inventory.archive.container is Container.GZIP_TAR
    after = archive_names(result.output)
    assert not [n for n in after if "_dbm" in n]
    assert after[0] == MANIFEST
    inventory = result.after.inventory
    assert inventory.flavor is Flavor.INSTALL_ONLY and inventory.component("bdb") is None
    assert not {f for f, _ in _findings(result)} & set(GONE)
    assert inventory.stripped is not None and inventory.stripped.components == ("bdb",)


def test_strip_a_folder_into_a_folder_with_modes_mtimes_and_links(tmp_path: Path) -> None:
    source = write_archive(era_archive("linux-3.14-20260814"), tmp_path / "dist", container="dir")
    exe = next(source.glob("python/install/bin/python3.*"))
    os.chmod(exe, 0o751)
    os.utime(exe, (1_700_000_000, 1_700_000_000))
    result = api.strip(source, tmp_path / "stripped")
    out = result.output
    assert out.is_dir() and (out / MANIFEST).is_file()
    copy = out / exe.relative_to(source)
    assert copy.stat().st_mode & 0o777 == 0o751 and int(copy.stat().st_mtime) == 1_700_000_000
    link = out / "python/install/bin/python3"
    assert link.is_symlink() and os.readlink(link) == os.readlink(
        source / "python/install/bin/python3"
    )
    assert not list(out.rglob("_dbm*.so")) and list(source.rglob("_dbm*.so"))
    assert result.after.inventory.component("bdb") is None
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_gpl_inside_libpython_is_refused_with_the_reason_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    source = write_archive(era_archive("linux-3.9-20221220"), tmp_path / GPL_39)
    out = tmp_path / "out"
    with pytest.raises(UsageError) as caught:
        api.strip(source, out / GPL_39)
    message = str(caught.value)
    assert "GNU Readline (GPL-3.0-only): readline is compiled into libpython" in message
    assert "_gdbm is compiled into libpython" in message
    assert "Python >= 3.10" in message and "20230116" in message
    assert "libedit variant" in message and "Nothing written" in message
    assert not out.exists()
    with pytest.raises(UsageError, match=r"_dbm is compiled into libpython.*20251031"):
        api.strip(source, out / GPL_39, remove=["bdb"])
    assert not out.exists()


def test_refusing_code_inside_libpython_names_its_own_license_not_the_gpl(
    tmp_path: Path,
) -> None:
    source = write_archive(era_archive("linux-3.9-20221220"), tmp_path / GPL_39)
    with pytest.raises(UsageError) as caught:
        api.strip(source, tmp_path / "out" / GPL_39, remove=["_sqlite3"])
    message = str(caught.value)
    assert "_sqlite3 is compiled into libpython" in message
    assert "comply with its license (LicenseRef-PBS-Public-Domain)" in message
    assert "GPL" not in message


def test_the_output_is_deterministic(tmp_path: Path) -> None:
    source = _full(tmp_path, FULL_314)
    first = api.strip(source, tmp_path / "a" / FULL_314).output.read_bytes()
    second = api.strip(source, tmp_path / "b" / FULL_314).output.read_bytes()
    assert first == second


def test_requests_that_cannot_be_done_are_usage_errors(tmp_path: Path) -> None:
    source = _full(tmp_path, FULL_314)
    with pytest.raises(UsageError, match="--remove nothing: no component or extension"):
        api.strip(source, tmp_path / "x.tar.zst", remove=["nothing"])
    stripped = api.strip(source, tmp_path / "s" / FULL_314, remove=["_dbm"]).output
    with pytest.raises(UsageError, match="nothing to strip"):
        api.strip(stripped, tmp_path / "again.tar.zst")
    with pytest.raises(UsageError, match="is the input"):
        api.strip(source, source)
    assert not (tmp_path / "x.tar.zst").exists() and not (tmp_path / "again.tar.zst").exists()


def test_the_command_prints_the_rescan_verdict_and_exits_by_it(tmp_path: Path) -> None:
    source = _full(tmp_path, FULL_314)
    run = [sys.executable, "-m", "licscan", "strip", str(source)]
    done = subprocess.run([*run, "-o", str(tmp_path / "o.tar.zst")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "removed _dbm carries Berkeley DB" in done.stdout
    assert "dbm.ndbm is gone" in done.stdout and "policy default: pass" in done.stdout
    strict = tmp_path / "strict.toml"
    strict.write_text('fail_on = "warning"\n')  # the missing zstd text (a warning) stays
    done = subprocess.run(
        [*run, "-o", str(tmp_path / "p.tar.zst"), "--policy", str(strict)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "violation" in done.stdout
    done = subprocess.run(
        [*run, "-o", str(tmp_path / "q.tar.zst"), "--remove", "nothing"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert not (tmp_path / "q.tar.zst").exists()


def test_a_policy_following_the_shipped_text_still_strips_the_source_offer(tmp_path: Path) -> None:
    source = _full(tmp_path, FULL_314)
    policy = parse_policy('[disputes]\nberkeley-db = "shipped-text"\n')
    result = api.strip(source, tmp_path / "o" / FULL_314, policy=policy)
    assert result.plan.extensions == ("_dbm",)
    assert result.output.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"  # zstd, like the input


def test_a_windows_pyd_and_the_dll_only_it_loads_can_go(tmp_path: Path) -> None:
    name = "cpython-3.11.9+20240415-x86_64-pc-windows-msvc-shared-pgo-full.tar.zst"
    source = write_archive(full_archive_spec("windows"), tmp_path / name)
    result = api.strip(source, tmp_path / "out" / name, remove=["sqlite"])
    (removal,) = result.plan.removals
    assert removal.extension == "_sqlite3"
    assert {"python/install/DLLs/_sqlite3.pyd", "python/install/DLLs/sqlite3.dll"} <= set(
        removal.members
    )
    assert result.after.inventory.component("sqlite") is None
    assert "python/licenses/LICENSE.sqlite.txt" not in archive_names(result.output)


def test_a_manifest_licscan_cannot_read_is_a_metadata_error(tmp_path: Path) -> None:
    spec = era_archive("linux-3.14-20260814")
    spec.members[MANIFEST] = b'{"format": "something/else"}'
    with pytest.raises(MetadataError, match=r"LICSCAN-STRIPPED\.json .* cannot be read"):
        api.scan(write_archive(spec, tmp_path / FULL_314))


def test_a_plain_tar_stays_a_plain_tar(tmp_path: Path) -> None:
    name = FULL_314.replace(".tar.zst", ".tar")
    source = write_archive(era_archive("linux-3.14-20260814"), tmp_path / name, container="tar")
    result = api.strip(source, tmp_path / "out" / name)
    assert result.after.inventory.archive.container is Container.TAR
    assert result.output.stat().st_size % 10240 == 0  # whole tar records
    assert result.after.inventory.component("bdb") is None


def test_a_copy_failing_midway_leaves_nothing_and_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _full(tmp_path, FULL_314)

    def broken(src: str, staged: Path, plan: object, tee: object = None) -> None:
        assert tee is not None
        tee.write(source.read_bytes()[:100_000])  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(strip_write, "copy_archive", broken)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="No space left"):
        api.strip(source, out / FULL_314)
    assert list(out.iterdir()) == []


def test_pax_global_headers_survive_whatever_member_goes(tmp_path: Path) -> None:
    plain = _full(tmp_path, FULL_314)
    source = tmp_path / "global" / FULL_314
    source.parent.mkdir()
    with source.open("wb") as raw, zstandard.ZstdCompressor().stream_writer(raw) as out:
        records = {"comment": "written by the build"}
        with tarfile.open(
            fileobj=out, mode="w|", format=tarfile.PAX_FORMAT, pax_headers=records
        ) as tar:
            for info, data in iter_archive_contents(plain):
                tar.addfile(info, io.BytesIO(data) if data is not None else None)
    result = api.strip(source, tmp_path / "out" / FULL_314)
    with result.output.open("rb") as raw:
        stream = zstandard.ZstdDecompressor().stream_reader(raw)
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            names = [info.name for info in tar]
            assert tar.pax_headers == {"comment": "written by the build"}
    assert names[:2] == ["python/PYTHON.json", MANIFEST]
    assert not [n for n in names if "_dbm" in n]


@pytest.mark.parametrize(
    ("given", "output", "suggested"),
    [
        ("gz", "s.tar.zst", "s.tar.gz"),
        ("gz", "s.tar", "s.tar.gz"),
        ("zst", "s.tgz", "s.tar.zst"),
        ("tar", "s.tar.gz", "s.tar"),
        ("dir", "s.tar.gz", "s"),
    ],
)
def test_an_output_named_for_another_container_is_refused_before_writing(
    tmp_path: Path, given: str, output: str, suggested: str
) -> None:
    """strip keeps the input's container: a .tar.gz input's copy is gzip, so an OUTPUT named
    .tar.zst (which held gzip bytes before) is refused, with the name that fits."""
    spec = to_install_only(era_archive("linux-3.14-20260814"), release="20260814")
    source = write_archive(spec, tmp_path / f"in.{given}", container=given)  # type: ignore[arg-type]
    with pytest.raises(UsageError) as caught:
        api.strip(source, tmp_path / "out" / output)
    message = str(caught.value)
    assert output in message and suggested in message and "\n" not in message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_an_output_with_another_or_no_suffix_is_written_as_the_input(tmp_path: Path) -> None:
    spec = to_install_only(era_archive("linux-3.14-20260814"), release="20260814")
    source = write_archive(spec, tmp_path / "in.tar.gz", container="gz")
    result = api.strip(source, tmp_path / "python-stripped.bin")
    assert result.output.read_bytes()[:2] == b"\x1f\x8b"


def test_stdin_and_images_are_refused_in_words_that_say_why(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"cannot read stdin.*save it to a file"):
        api.strip("-", tmp_path / "out.tar.gz")
    exe = tmp_path / "myapp"
    spec = to_install_only(era_archive("linux-3.14-20260814"), release="20260814")
    given = write_archive(spec, tmp_path / "dist.tar.gz", container="gz")
    exe.write_bytes(Path("/bin/true").read_bytes() + given.read_bytes())
    with pytest.raises(
        UsageError, match="myapp is an executable with a distribution inside: strip copies"
    ):
        api.strip(exe, tmp_path / "out.tar.gz")
