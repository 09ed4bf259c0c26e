"""The licscan command end to end: exit codes, messages, output files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import zstandard

from tests.builders import era_archive, relocate, to_install_only, write_archive

LICSCAN = [sys.executable, "-m", "licscan"]


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LICSCAN, *map(str, args)], capture_output=True, text=True, timeout=300, env=env
    )


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example")
    result = run("example", folder)
    assert result.returncode == 0, result.stderr
    (archive,) = folder.glob("*.tar.zst")
    return archive


@pytest.fixture(scope="module")
def gpl_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
    return write_archive(era_archive("linux-3.9-20221220"), tmp_path_factory.mktemp("gpl") / name)


def test_scan_prints_the_components_table_and_summary(example: Path) -> None:
    result = run("scan", example)
    assert result.returncode == 0, result.stderr
    for name in ("CPython", "OpenSSL 3", "SQLite", "libedit", "pip"):
        assert name in result.stdout
    assert "22 components" in result.stdout  # 16 + 6 CPython 3.11 bundles (test_vendored.py)
    assert "PBS release 20240415" in result.stdout


def test_scan_json_is_stable_across_runs(example: Path, tmp_path: Path) -> None:
    first, second = run("scan", example, "--json"), run("scan", example, "--json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    keys = [c["key"] for c in document["components"]]
    assert keys[0] == "cpython" and "openssl-3" in keys
    out = tmp_path / "inventory.json"
    assert run("scan", example, "--json", "-o", out).returncode == 0
    assert out.read_text() == first.stdout


def test_check_exits_0_on_a_clean_archive_and_1_on_gpl(example: Path, gpl_archive: Path) -> None:
    clean = run("check", example)
    assert clean.returncode == 0
    assert clean.stdout.splitlines()[-1] == "policy default: pass"  # the status is not repeated
    result = run("check", gpl_archive)
    assert result.returncode == 1
    assert "gpl-in-interpreter" in result.stdout


def test_check_with_a_malformed_policy_exits_2(example: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("fail_on = [unclosed\n")
    result = run("check", example, "--policy", policy)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "policy" in result.stderr.lower()


def test_report_writes_every_format_next_to_the_archive(example: Path) -> None:
    result = run("report", example)
    assert result.returncode == 0, result.stderr
    folder = example.parent / (example.name.removesuffix(".tar.zst") + ".licscan")
    suffixes = sorted(p.name.rsplit("-full", 1)[-1] for p in folder.iterdir())
    assert suffixes == [
        ".NOTICE.txt",
        ".cdx.json",
        ".licscan.json",
        ".review.html",
        ".spdx.json",
        ".spdx3.jsonld",
    ]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp files left


def test_report_to_stdout_needs_one_format(example: Path) -> None:
    result = run("report", example, "-o", "-", "-f", "notice")
    assert result.returncode == 0 and "CPython" in result.stdout
    assert run("report", example, "-o", "-").returncode == 2


def test_report_is_byte_identical_across_runs(example: Path, tmp_path: Path) -> None:
    run("report", example, "-o", tmp_path / "a")
    run("report", example, "-o", tmp_path / "b")
    for first in sorted((tmp_path / "a").iterdir()):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name


def test_a_malformed_source_date_epoch_exits_2_and_writes_nothing(
    example: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "yesterday"}
    out = tmp_path / "out"
    result = run("report", example, "-o", out, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "SOURCE_DATE_EPOCH is 'yesterday'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())
    assert run("scan", "--json", example, env=env).returncode == 2
    assert run("report", example, "-o", out, env={**env, "SOURCE_DATE_EPOCH": ""}).returncode == 0


BAD_INPUTS = {
    "not-an-archive.tar.zst": b"just some text, not an archive\n" * 4,
    "empty.tar.zst": b"",
    "truncated.tar.zst": None,  # filled in by the test from a real archive
    "bad-json.tar.zst": None,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_and_no_traceback(
    name: str, tmp_path: Path, example: Path
) -> None:
    path = tmp_path / name
    if name == "truncated.tar.zst":
        data = example.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif name == "bad-json.tar.zst":
        spec = era_archive("macos-3.11.9-real")
        spec.python_json = b"{ this is not json"
        write_archive(spec, path)
    else:
        path.write_bytes(BAD_INPUTS[name] or b"")
    for command in ("scan", "check", "report"):
        result = run(command, path)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("licscan:"), result.stderr


def test_missing_file_and_unknown_format_exit_2(tmp_path: Path, example: Path) -> None:
    result = run("scan", tmp_path / "nope.tar.zst")
    assert result.returncode == 2 and "no such file" in result.stderr
    assert run("report", example, "-f", "pdf").returncode == 2


def test_unknown_python_json_format_needs_the_flag(tmp_path: Path) -> None:
    spec = era_archive("macos-3.11.9-real")
    data = spec.json_dict()
    assert data is not None
    spec.python_json = {**data, "version": "9"}
    path = write_archive(spec, tmp_path / "future.tar.zst")
    result = run("scan", path)
    assert result.returncode == 2 and "--allow-unknown-format" in result.stderr
    assert run("scan", path, "--allow-unknown-format").returncode == 0


def test_the_example_is_a_zstd_tar_with_python_json_first(example: Path) -> None:
    import io
    import tarfile

    raw = zstandard.ZstdDecompressor().stream_reader(example.open("rb")).read()
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        names = tar.getnames()
        assert names[0] == "python/PYTHON.json"
        text = tar.extractfile("python/licenses/LICENSE.openssl-3.txt").read()  # type: ignore[union-attr]
    assert b"stands in for the real license text" in text


def test_check_fails_an_install_only_archive_of_a_gpl_release(tmp_path: Path) -> None:
    from tests.builders import to_install_only

    name = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar.gz"
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    path = write_archive(spec, tmp_path / name, container="gz")
    result = run("check", path)
    assert result.returncode == 1
    assert "gpl-in-interpreter" in result.stdout and "install-only-partial" in result.stdout


def test_check_with_waiver_and_deny_policies(
    gpl_archive: Path, example: Path, tmp_path: Path
) -> None:
    waive = tmp_path / "waive.toml"
    waive.write_text(
        '[[waivers]]\ncomponent = "*"\nfinding = "gpl-in-interpreter"\n'
        'reason = "internal use only, not redistributed"\n'
    )
    assert run("check", gpl_archive, "--policy", waive).returncode == 0
    expired = tmp_path / "expired.toml"
    expired.write_text(waive.read_text() + "expires = 2020-01-01\n")
    result = run("check", gpl_archive, "--policy", expired)
    assert result.returncode == 1 and "expired" in result.stdout
    deny = tmp_path / "deny.toml"
    deny.write_text('deny = ["Copyleft"]\n')
    assert run("check", example, "--policy", deny).returncode == 0  # no copyleft shipped
    assert run("check", gpl_archive, "--policy", deny).returncode == 1


def test_a_folder_of_two_installations_is_checked_and_reported_per_installation(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "bundle"
    for era, root in (("linux-3.9-20221220", "old/py"), ("linux-3.10-20221220", "new/py")):
        spec = relocate(to_install_only(era_archive(era)), root)
        write_archive(spec, bundle, container="dir")
    check = run("check", bundle)
    assert check.returncode == 1, check.stderr
    assert "installation at new/py" in check.stdout and "installation at old/py" in check.stdout
    out = tmp_path / "reports"
    result = run("report", bundle, "-o", out, "-f", "json")
    assert result.returncode == 0, result.stderr
    docs = {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/*.licscan.json")}
    assert sorted(docs) == ["new_py", "old_py"]
    assert docs["old_py"]["verdict"]["passed"] is False
    assert run("report", bundle, "-o", "-", "-f", "json").returncode == 2
