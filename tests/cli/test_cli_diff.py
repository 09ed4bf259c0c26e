"""`licscan diff OLD NEW [--json] [--fail-on-new-license] [--policy FILE]` (issue #11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import era_archive, relocate, to_install_only, write_archive

LICSCAN = [sys.executable, "-m", "licscan"]
OLD = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar"
NEW = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LICSCAN, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli-diff")
    bundle = folder / "bundle"
    for era, root in (("linux-3.9-20221220", "old/py"), ("linux-3.10-20221220", "new/py")):
        write_archive(relocate(to_install_only(era_archive(era)), root), bundle, container="dir")
    return {
        "3.9": write_archive(era_archive("linux-3.9-20221220"), folder / OLD),
        "3.10": write_archive(era_archive("linux-3.10-20221220"), folder / NEW),
        "bundle": bundle,
    }


def test_3_9_to_3_10_loses_readline_and_gdbm_and_passes(archives: dict[str, Path]) -> None:
    result = run("diff", archives["3.9"], archives["3.10"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "removed" in out and "GNU Readline" in out and "gdbm" in out
    assert "gone finding" in out and "gpl-in-interpreter" in out
    assert "no policy violation OLD did not have" in out and "diff: pass" in out


def test_3_10_to_3_9_fails_with_new_violations(archives: dict[str, Path]) -> None:
    result = run("diff", archives["3.10"], archives["3.9"])
    assert result.returncode == 1, result.stderr
    assert "2 new policy violation(s)" in result.stdout and "VIOLATION" in result.stdout


def test_fail_on_new_license_reports_the_gpl_ids(archives: dict[str, Path]) -> None:
    result = run("diff", archives["3.10"], archives["3.9"], "--fail-on-new-license", "--json")
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert doc["fail_on_new_license"] is True and doc["fails"] is True
    assert doc["new_license_ids"] == ["GPL-3.0-only", "GPL-3.0-or-later"]
    text = run("diff", archives["3.10"], archives["3.9"], "--fail-on-new-license")
    assert "new license ids of shipped code: GPL-3.0-only, GPL-3.0-or-later" in text.stdout


def test_new_license_alone_fails_only_when_asked(archives: dict[str, Path], tmp_path: Path) -> None:
    """A policy that waives the GPL findings: NEW has no new violation, but new license ids."""
    policy = tmp_path / "waive-gpl.toml"
    policy.write_text(
        'name = "waive-gpl"\n'
        + "".join(
            f'[[waivers]]\ncomponent = "{c}"\nfinding = "gpl-in-interpreter"\nreason = "ok"\n'
            for c in ("readline", "gdbm")
        )
    )
    lenient = run("diff", archives["3.10"], archives["3.9"], "--policy", policy)
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    strict = run("diff", archives["3.10"], archives["3.9"], "-p", policy, "--fail-on-new-license")
    assert strict.returncode == 1 and "GPL-3.0-only" in strict.stdout


def test_an_archive_against_itself_is_empty(archives: dict[str, Path]) -> None:
    result = run("diff", archives["3.9"], archives["3.9"], "--fail-on-new-license")
    assert result.returncode == 0, result.stderr
    assert "no differences" in result.stdout
    doc = json.loads(run("diff", archives["3.9"], archives["3.9"], "--json").stdout)
    assert doc["empty"] is True and doc["diffs"][0]["added"] == []


def test_several_installations_are_paired_and_unpaired_reported(
    archives: dict[str, Path],
) -> None:
    result = run("diff", archives["3.10"], archives["bundle"], "--json")
    assert result.returncode == 1, result.stderr  # old/py (3.9, GPL) has no counterpart
    doc = json.loads(result.stdout)
    assert [s["root"] for s in doc["unpaired"]["new"]] == ["old/py"]
    paired = [d for d in doc["diffs"] if d["old"] and d["new"]]
    assert [d["new"]["root"] for d in paired] == ["new/py"]
    text = run("diff", archives["3.10"], archives["bundle"])
    assert "only in NEW" in text.stdout and "old/py" in text.stdout


def test_bad_input_exits_2(archives: dict[str, Path], tmp_path: Path) -> None:
    missing = run("diff", archives["3.9"], tmp_path / "nothing.tar.zst")
    assert missing.returncode == 2 and "licscan:" in missing.stderr
    bad_policy = tmp_path / "bad.toml"
    bad_policy.write_text("deny = 3\n")
    assert run("diff", archives["3.9"], archives["3.9"], "-p", bad_policy).returncode == 2


def test_html_and_output_folder_write_the_diff_page(
    archives: dict[str, Path], tmp_path: Path
) -> None:
    page, folder = tmp_path / "diff.html", tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    args = [*LICSCAN, "diff", str(archives["3.9"]), str(archives["3.10"])]
    result = subprocess.run(
        [*args, "--html", str(page), "-o", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {page}" in result.stdout and "diff: pass" in result.stdout
    html = page.read_text()
    for key in ("gdbm", "readline"):
        assert f'<tr class="change-removed" data-key="{key}">' in html
    assert (folder / "diff.html").read_text() == html
    doc = json.loads((folder / "diff.json").read_text())
    assert {c["key"] for c in doc["diffs"][0]["removed"]} == {"gdbm", "readline"}
    assert doc["generator"]["timestamp"] == "2023-11-14T22:13:20Z"
    again = subprocess.run(
        [*args, "--json", "--html", str(page)], capture_output=True, timeout=300, env=env
    )
    assert again.returncode == 0 and json.loads(again.stdout) == doc  # stdout stays JSON
    assert page.read_text() == html  # deterministic


def test_the_reverse_page_is_written_before_exit_1(
    archives: dict[str, Path], tmp_path: Path
) -> None:
    result = run("diff", archives["3.10"], archives["3.9"], "--html", tmp_path / "d.html")
    assert result.returncode == 1
    html = (tmp_path / "d.html").read_text()
    assert "banner-fail" in html and html.count("new violation</span>") == 2


def test_either_side_may_be_stdin_once(archives: dict[str, Path]) -> None:
    """`curl .../new.tar.zst | licscan diff old.tar.zst -`: stdin is read once, as for scan
    (it was 'no such file or directory: -'); both sides stdin is a usage error."""
    with archives["3.9"].open("rb") as given:
        done = subprocess.run(
            [*LICSCAN, "diff", str(archives["3.10"]), "-", "--json"],
            stdin=given,
            capture_output=True,
            timeout=300,
        )
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    assert document["new_violation_count"] == 2
    assert document["diffs"][0]["new"]["python_version"] == "3.9.16"
    assert document["diffs"][0]["new"]["file_name"] == "stdin"
    both = run("diff", "-", "-")
    assert both.returncode == 2 and both.stderr.count("\n") == 1
    assert "stdin (-) can be read only once" in both.stderr


def test_an_html_file_that_is_an_input_is_refused_before_reading(
    archives: dict[str, Path], tmp_path: Path
) -> None:
    new = tmp_path / NEW
    new.write_bytes(archives["3.10"].read_bytes())
    before = new.read_bytes()
    result = run("diff", archives["3.9"], new, "--html", new)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "is an input" in result.stderr and new.read_bytes() == before
