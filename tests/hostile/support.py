"""Running the CLI on a hostile case and checking it failed cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LICSCAN = [sys.executable, "-m", "licscan"]


def run(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LICSCAN, *map(str, args)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def assert_refused(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 2, exactly one stderr line, no traceback; returns that line."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert "\x1b" not in result.stderr
    return lines[0]


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    assert "\x1b" not in result.stdout + result.stderr
