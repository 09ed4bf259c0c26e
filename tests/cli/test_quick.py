"""A plain `scan` / `check` line read without typer (cli/quick.py) gives the command what
typer gives it; every other line is left to typer."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from licscan.cli import commands, quick
from licscan.cli.app import app


def _typer_gives(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> dict[str, Any]:
    """The keyword arguments typer passes to the command body for `argv`."""
    seen: dict[str, Any] = {}
    body = getattr(commands, argv[0])

    def record(*args: Any, **kwargs: Any) -> None:
        bound = inspect.signature(body).bind(*args, **kwargs)
        bound.apply_defaults()
        seen.update(bound.arguments)

    monkeypatch.setattr(commands, argv[0], record)
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    return seen


def _with_defaults(command: str, arguments: dict[str, Any]) -> dict[str, Any]:
    bound = inspect.signature(getattr(commands, command)).bind(**arguments)
    bound.apply_defaults()
    return dict(bound.arguments)


PLAIN = [
    ["scan", "a.tar.zst"],
    ["scan", "--json", "a.tar.zst"],
    ["scan", "a.tar.zst", "--json", "-o", "out.json"],
    ["scan", "--json", "--output", "-", "-"],
    ["scan", "a", "b", "dir", "--policy", "p.toml", "--allow-unknown-format"],
    ["scan", "-p", "p.toml", "--name", "cpython-3.11.9+20240415-x.tar.zst", "-", "--db", "s.db"],
    ["check", "a.tar.zst"],
    ["check", "-f", "json", "a.tar.zst"],
    ["check", "a.tar.zst", "--format", "sarif", "-o", "gate.sarif", "-p", "x.toml"],
    ["check", "--format", "nonsense", "a"],  # the body refuses it, as for typer
    ["check", "a", "b", "--allow-unknown-format"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=[" ".join(a) for a in PLAIN])
def test_a_plain_line_reads_as_typer_reads_it(
    monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    parsed = quick.parse(argv)
    assert parsed is not None
    command, arguments = parsed
    assert command == argv[0]
    assert _with_defaults(command, arguments) == _typer_gives(monkeypatch, argv)


TYPER = [
    [],
    ["--version"],
    ["--help"],
    ["scan"],  # no input: typer's error
    ["scan", "--help"],
    ["scan", "a", "--json=true"],
    ["scan", "a", "-o"],
    ["scan", "a", "-o", ""],
    ["scan", "a", "-o", "--json"],
    ["scan", "a", "-o", "x", "-o", "y"],  # twice: typer's rule
    ["check", "a", "--allow-unknown-format", "--allow-unknown-format"],
    ["scan", "a", "--jobs", "2"],
    ["scan", "a", "-j", "2"],
    ["scan", "a", "--limit", "seconds=5"],
    ["scan", "a", "--dask-scheduler", "tcp://h:1"],
    ["scan", "--", "-a"],
    ["scan", "-x", "a"],
    ["scan", "a", "-f", "json"],  # check's option
    ["check", "a", "--json"],  # scan's option
    ["report", "a"],
    ["diff", "a", "b"],
    ["example", "x.tar.zst"],
]


@pytest.mark.parametrize("argv", TYPER, ids=[" ".join(a) or "(none)" for a in TYPER])
def test_every_other_line_is_typers(argv: list[str]) -> None:
    assert quick.parse(argv) is None


_PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "licscan"
from licscan.cli import main
main()
"""


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick") / "example.tar.zst"
    subprocess.run(
        [sys.executable, "-m", "licscan", "example", str(path)], check=True, capture_output=True
    )
    return path


def _run(tmp_path: Path, *argv: str) -> tuple[set[str], subprocess.CompletedProcess[bytes]]:
    record = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(record), *argv],
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return set(json.loads(record.read_text())), done


def test_plain_scan_and_check_import_no_typer_and_write_what_typer_writes(
    tmp_path: Path, example: Path
) -> None:
    for argv in (["scan", "--json"], ["check", "-f", "json"], ["check"]):
        modules, done = _run(tmp_path, *argv, str(example))
        assert not {m.split(".")[0] for m in modules} & {"typer", "click"}, argv
        runner = CliRunner().invoke(app, [*argv, str(example)])
        assert (done.returncode, done.stdout.decode()) == (runner.exit_code, runner.stdout)


def test_a_bad_input_is_one_line_and_exit_2_either_way(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.tar.zst")
    _modules, done = _run(tmp_path, "scan", "--json", missing)
    runner = CliRunner().invoke(app, ["scan", "--json", missing])
    assert done.returncode == runner.exit_code == 2
    assert done.stdout == b""
    assert done.stderr.decode() == runner.stderr
    assert len(done.stderr.decode().strip().splitlines()) == 1


def test_a_closed_stdout_ends_quietly_with_1_as_click_does(example: Path) -> None:
    import os

    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "licscan", "scan", "--json", str(example)],
            stdout=write,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write)
    assert done.returncode == 1
    assert done.stderr == b""
