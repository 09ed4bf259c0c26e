"""Every crafted case of `cases.py`, run through the CLI, its stated outcome asserted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licscan.cli.app import app
from tests.hostile import cases_late  # noqa: F401  (registers its cases)
from tests.hostile.cases import CASES, Case

MAX_RSS_KIB = 200 * 1024
ALL_CASES = {case.name: case for case in CASES}


def test_there_are_at_least_100_distinct_cases() -> None:
    assert len(CASES) >= 100
    assert len(ALL_CASES) == len(CASES), "case names must be unique"


def _tree(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()


def _run(case: Case, argv: list[str], tmp: Path) -> tuple[int, str, str]:
    stdin = case.stdin(tmp) if case.stdin is not None else None
    if not case.memory:
        env = dict([case.extra["env"].split("=", 1)]) if "env" in case.extra else None
        result = CliRunner().invoke(app, argv, input=stdin, env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{case.name}: uncaught {result.exception!r}")
        return result.exit_code, result.stdout, result.stderr
    rss_file = tmp / "rss"
    env = {**os.environ, "LICSCAN_RSS_FILE": str(rss_file)}
    if "fsize" in case.extra:
        env["LICSCAN_FSIZE"] = case.extra["fsize"]
    if "stall" in case.extra:  # stdin stays open and sends nothing
        with subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.child", *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as child:
            try:
                out, err = _wait(child)
            finally:
                assert child.stdin is not None
                child.stdin.close()
        return child.returncode, out.decode(errors="replace"), err.decode(errors="replace")
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.child", *argv],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=120,
        env=env,
    )
    rss = int(rss_file.read_text())
    assert rss < MAX_RSS_KIB, f"{case.name}: peak RSS {rss // 1024} MiB"
    return (
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )


def _wait(child: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """Wait for a child whose stdin stays open (the pipe stalls); its stdout and stderr."""
    assert child.stdout is not None and child.stderr is not None
    child.wait(timeout=60)
    return child.stdout.read(), child.stderr.read()


@pytest.mark.parametrize("name", list(ALL_CASES))
def test_case(name: str, tmp_path: Path) -> None:
    case = ALL_CASES[name]
    argv = list(case.build(tmp_path))
    before = _tree(tmp_path)
    code, out, err = _run(case, argv, tmp_path)
    assert "Traceback" not in err, err[-3000:]
    assert code in case.exit, (code, err[-2000:])
    assert "\x1b" not in out + err, "a raw ESC byte reached the terminal"
    if case.exit == (2,):
        lines = err.splitlines()
        assert len(lines) == 1, err[-3000:]
        assert len(lines[0]) < 1200, f"a message of {len(lines[0])} characters"
        for needle in case.needles:
            assert needle in lines[0], lines[0]
    else:
        for needle in case.needles:
            assert needle in out, out[-2000:]
    # nothing written outside out/, nothing temporary or partial left in it
    out_dir = tmp_path / "out"
    new = _tree(tmp_path) - before - {tmp_path / "rss"}
    outside = [p for p in new if out_dir not in p.parents and p != out_dir]
    assert not outside, outside
    assert not (tmp_path.parent / "licscan-escape").exists()
    written = [p for p in new if p.is_file()]
    assert not [p for p in written if p.name.startswith(".")], "a temporary file was left"
    if case.files is not None:
        assert len([p for p in _tree(out_dir) if p.is_file() or p.is_dir()]) >= 0
        assert len(list(out_dir.iterdir()) if out_dir.exists() else []) == case.files, (
            sorted(out_dir.iterdir()) if out_dir.exists() else None
        )
    for text in case.absent:  # markup is checked where a browser would run it
        assert text.startswith("<") or text not in out + err, text
        for path in written:
            if path.suffix == ".html" or not text.startswith("<"):
                assert text.encode() not in path.read_bytes(), (text, path)
