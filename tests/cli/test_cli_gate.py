"""`licscan check --format text|json|sarif|junit [-o FILE]` and `report --gate-format`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.builders import era_archive, relocate, to_install_only, write_archive

LICSCAN = [sys.executable, "-m", "licscan"]
GPL = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
CLEAN = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LICSCAN, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("gate")
    bundle = folder / "bundle"
    for era, root in (("linux-3.9-20221220", "old/py"), ("linux-3.10-20221220", "new/py")):
        write_archive(relocate(to_install_only(era_archive(era)), root), bundle, container="dir")
    return {
        "gpl": write_archive(era_archive("linux-3.9-20221220"), folder / GPL),
        "clean": write_archive(era_archive("linux-3.10-20221220"), folder / CLEAN),
        "bundle": bundle,
    }


def _parse(fmt: str, text: str) -> object:
    return ET.fromstring(text.encode()) if fmt == "junit" else json.loads(text)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_the_exit_code_is_the_gate_whatever_the_format(fmt: str, archives: dict[str, Path]) -> None:
    failing = run("check", archives["gpl"], "--format", fmt)
    passing = run("check", archives["clean"], "-f", fmt)
    assert (failing.returncode, passing.returncode) == (1, 0), failing.stderr + passing.stderr
    if fmt == "text":
        assert "gpl-in-interpreter" in failing.stdout and "violation" in failing.stdout
        return
    document = _parse(fmt, failing.stdout)  # stdout is the document alone
    if fmt == "json":
        assert isinstance(document, dict) and document["passed"] is False
    elif fmt == "sarif":
        assert isinstance(document, dict) and document["version"] == "2.1.0"
    else:
        assert isinstance(document, ET.Element) and document.get("failures") == "1"


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "text"])
def test_output_file_is_written_and_stdout_keeps_the_outcome(
    fmt: str, archives: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "ci" / f"result.{fmt}"
    result = run("check", archives["gpl"], "-f", fmt, "-o", out)
    assert result.returncode == 1, result.stderr
    assert f"wrote {out}" in result.stdout
    assert "policy default: 2 violation(s)" in result.stdout
    text = out.read_text(encoding="utf-8")
    if fmt == "text":
        assert "gpl-in-interpreter" in text and "\x1b[" not in text
    else:
        _parse(fmt, text)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp left
    again = tmp_path / "again"
    assert run("check", archives["gpl"], "-f", fmt, "-o", again).returncode == 1
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_a_container_of_several_installations_gives_one_document(
    archives: dict[str, Path],
) -> None:
    sarif = run("check", archives["bundle"], "-f", "sarif")
    assert sarif.returncode == 1, sarif.stderr
    assert [r["properties"]["root"] for r in json.loads(sarif.stdout)["runs"]] == [
        "new/py",
        "old/py",
    ]
    junit = ET.fromstring(run("check", archives["bundle"], "-f", "junit").stdout.encode())
    assert len(junit.findall("testsuite")) == 2
    doc = json.loads(run("check", archives["bundle"], "-f", "json").stdout)
    assert [d["passed"] for d in doc["distributions"]] == [True, False]


def test_bad_format_and_bad_input_exit_2(archives: dict[str, Path], tmp_path: Path) -> None:
    result = run("check", archives["clean"], "-f", "yaml")
    assert result.returncode == 2 and "sarif" in result.stderr and "Traceback" not in result.stderr
    junk = tmp_path / "junk.tar.zst"
    junk.write_bytes(b"not an archive")
    for fmt in ("json", "sarif", "junit"):
        failed = run("check", junk, "-f", fmt, "-o", tmp_path / "out")
        assert failed.returncode == 2 and failed.stdout == ""
    assert not (tmp_path / "out").exists()
    unwritable = tmp_path / "file"
    unwritable.write_text("x")
    assert run("check", archives["clean"], "-f", "sarif", "-o", unwritable / "x").returncode == 2


def test_report_writes_the_gate_result_next_to_the_reports(
    archives: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    result = run(
        "report", archives["gpl"], "-o", out, "-f", "json", "--gate-format", "sarif", "-g", "junit"
    )
    assert result.returncode == 0, result.stderr
    stem = GPL.removesuffix(".tar.zst")
    assert sorted(p.name for p in out.iterdir()) == [
        f"{stem}.check.junit.xml",
        f"{stem}.check.sarif",
        f"{stem}.licscan.json",
    ]
    sarif = json.loads((out / f"{stem}.check.sarif").read_text())
    assert sarif["runs"][0]["properties"]["passed"] is False
    bundle_out = tmp_path / "bundle-reports"
    bundled = run("report", archives["bundle"], "-o", bundle_out, "-f", "json", "-g", "json")
    assert bundled.returncode == 0, bundled.stderr
    gate = json.loads((bundle_out / "bundle.check.json").read_text())
    assert len(gate["distributions"]) == 2
    assert sorted(p.name for p in bundle_out.iterdir()) == ["bundle.check.json", "new_py", "old_py"]
    assert run("report", archives["gpl"], "-o", "-", "-f", "json", "-g", "sarif").returncode == 2
    assert run("report", archives["gpl"], "-o", out, "-g", "yaml").returncode == 2
