"""Locate the bundled `data/` and `templates/` folders, from a source tree or a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, source: str) -> Path:
    for candidate in (_PACKAGE / installed, _PACKAGE.parent / source):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"licscan is installed without its {source}/ folder; reinstall it")


@cache
def data_dir() -> Path:
    """`data/` (wheel: `licscan/_data`)."""
    return _find("_data", "data")


@cache
def templates_dir() -> Path:
    """`templates/` (wheel: `licscan/_templates`)."""
    return _find("_templates", "templates")
