"""Start-up: each command imports what it uses (README "Speed and memory", issue #10).

`scan --json` and `check -f json` of one archive never import rich, jinja2 or an SBOM
library; the console proxy answers `is_terminal` as rich does; `--version` imports nothing.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from licscan.cli import lazy_console

# Runs licscan's console entry point in a fresh interpreter and writes, at exit, the names
# of every module it imported (the run's stdout is the command's own).
_PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "licscan"
from licscan.cli import main
main()
"""

_HEAVY = ("rich", "jinja2", "spdx_tools", "cyclonedx", "beartype", "spdx_python_model")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "example.tar.zst"
    subprocess.run(
        [sys.executable, "-m", "licscan", "example", str(path)], check=True, capture_output=True
    )
    return path


def _imported(tmp_path: Path, *arguments: str) -> tuple[set[str], bytes, int]:
    record = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(record), *arguments],
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return set(json.loads(record.read_text())), done.stdout, done.returncode


def _roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(
    "arguments", [("scan", "--json"), ("check", "-f", "json")], ids=["scan-json", "check-json"]
)
def test_json_commands_import_no_terminal_or_sbom_library(
    tmp_path: Path, example: Path, arguments: tuple[str, ...]
) -> None:
    modules, stdout, code = _imported(tmp_path, *arguments, str(example))
    assert code in (0, 1)
    assert json.loads(stdout)  # it did its work
    assert not _roots(modules) & set(_HEAVY), sorted(_roots(modules) & set(_HEAVY))
    renderers = {m for m in modules if m.startswith("licscan.render.")}
    for unused in ("notice", "cyclonedx", "spdx", "spdx3", "html"):
        assert f"licscan.render.{unused}" not in renderers
    assert "concurrent.futures.process" not in modules  # one input: no process pool
    assert "sqlite3" not in modules  # no --db: no results store
    for unused in ("store", "strip", "strip_write", "diff", "diff_page", "index"):
        assert f"licscan.render.{unused}" not in renderers


def test_scan_table_still_draws_with_rich(tmp_path: Path, example: Path) -> None:
    modules, stdout, code = _imported(tmp_path, "scan", str(example))
    assert code in (0, 1)
    assert "rich.table" in modules
    assert b"CPython 3.11" in stdout


def test_report_imports_a_renderer_only_for_its_format(tmp_path: Path, example: Path) -> None:
    out = tmp_path / "out"
    modules, _stdout, code = _imported(
        tmp_path, "report", str(example), "-f", "json", "-o", str(out)
    )
    assert code in (0, 1)
    assert [p.name for p in out.iterdir()] == ["example.licscan.json"]
    assert not {"jinja2", "spdx_tools", "cyclonedx"} & _roots(modules)


def test_version_imports_no_typer_and_no_pipeline(tmp_path: Path) -> None:
    modules, stdout, code = _imported(tmp_path, "--version")
    assert code == 0
    assert stdout.startswith(b"licscan ")
    assert not {"typer", "rich", "license_expression"} & _roots(modules)
    assert not any(m.startswith(("licscan.read", "licscan.inventory")) for m in modules)


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "0"},
        {"TTY_COMPATIBLE": "1"},
    ],
)
@pytest.mark.parametrize("stderr", [False, True])
def test_lazy_console_is_a_terminal_when_rich_says_so(
    monkeypatch: pytest.MonkeyPatch, tty: bool, environ: dict[str, str], stderr: bool
) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stderr" if stderr else "stdout", _Stream(tty))
    proxy = lazy_console.lazy_console(stderr=stderr, soft_wrap=True)
    assert proxy.is_terminal == Console(stderr=stderr, soft_wrap=True).is_terminal


def test_lazy_console_builds_rich_console_only_when_used(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    stream = _Stream(False)
    monkeypatch.setattr(sys, "stdout", stream)
    proxy = lazy_console.lazy_console(soft_wrap=True)
    assert proxy.is_terminal is False
    assert proxy.__dict__["_real"] is None  # answered without a Console
    proxy.print("[bold]hello[/] world")
    assert isinstance(proxy.__dict__["_real"], Console)
    assert stream.getvalue() == "hello world\n"
