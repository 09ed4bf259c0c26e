"""licscan's pydantic-free coercion of plain CLI values gives what typer's own coercion gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from licscan.cli import fast_params

_coercion = pytest.importorskip("typer._coercion")
core = pytest.importorskip("typer.core")
models = pytest.importorskip("typer.models")

fast_params.install()


class _Param:
    """The two attributes coercion reads from a click parameter."""

    def __init__(self, multiple: bool) -> None:
        self.multiple = multiple
        self.nargs = -1 if multiple else 1


def _both(annotation: Any, value: Any, **info: Any) -> tuple[Any, Any]:
    descriptor = _coercion.resolve_type_descriptor(annotation, models.OptionInfo(**info))
    fast = core.build_runtime_param(descriptor)
    typer_own = _coercion.build_runtime_param(descriptor)
    param = _Param(multiple=isinstance(value, tuple))
    return (
        fast.coerce(value, param=param, ctx=None),
        typer_own.coerce(value, param=param, ctx=None),
    )


def test_install_replaces_typer_coercion_once() -> None:
    patched = core.build_runtime_param
    fast_params.install()
    assert core.build_runtime_param is patched
    assert getattr(patched, "__licscan_fast__", False)


@pytest.mark.parametrize(
    ("annotation", "value"),
    [
        (str, "abc"),
        (str, " spaced "),
        (bool, True),
        (bool, False),
        (Path, "some/where.tar.zst"),
        (Path, "-"),
        (Path, ""),
        (list[str], ("a.tar.zst", "-", "dir")),
        (list[Path], ("x", "y/z")),
        (int, "12"),
        (str, b"bytes"),
    ],
)
def test_same_value_and_type_as_typer(annotation: Any, value: Any) -> None:
    fast, typer_own = _both(annotation, value)
    assert fast == typer_own
    assert type(fast) is type(typer_own)


def test_path_checks_and_errors_stay_typers(tmp_path: Path) -> None:
    missing = str(tmp_path / "absent")
    with pytest.raises(Exception) as fast_error:
        _both(Path, missing, exists=True)
    descriptor = _coercion.resolve_type_descriptor(Path, models.OptionInfo(exists=True))
    with pytest.raises(Exception) as typer_error:
        _coercion.build_runtime_param(descriptor).coerce(missing, param=_Param(False), ctx=None)
    assert type(fast_error.value) is type(typer_error.value)
    assert str(fast_error.value) == str(typer_error.value)
    assert "does not exist" in str(fast_error.value)


def test_scan_json_runs_without_importing_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from licscan.cli.app import app\n"
        "try:\n"
        "    app(['scan', '--json', '-o', sys.argv[1], sys.argv[2]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    example = tmp_path / "ex"
    example.mkdir()
    subprocess.run(
        [sys.executable, "-m", "licscan", "example", str(example)], check=True, capture_output=True
    )
    archive = next(example.iterdir())
    out = tmp_path / "scan.json"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out), str(archive)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "False"
    assert out.stat().st_size > 1000


def test_other_types_use_typers_coercion_built_only_when_a_value_comes() -> None:
    descriptor = _coercion.resolve_type_descriptor(int, models.OptionInfo(min=1))
    fast = core.build_runtime_param(descriptor)
    assert fast.coerce(None, param=_Param(False), ctx=None) is None
    assert "_built" not in fast.__dict__  # an option left out builds nothing (no pydantic)
    assert fast.coerce("3", param=_Param(False), ctx=None) == 3
    typer_own = _coercion.build_runtime_param(descriptor)
    with pytest.raises(Exception) as fast_error:
        fast.coerce("0", param=_Param(False), ctx=None)
    with pytest.raises(Exception) as typer_error:
        typer_own.coerce("0", param=_Param(False), ctx=None)
    assert type(fast_error.value) is type(typer_error.value)
    assert str(fast_error.value) == str(typer_error.value)
