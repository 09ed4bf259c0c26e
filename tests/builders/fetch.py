"""Real wheels from PyPI, fetched once into a cache at test time (never committed).

`real_wheel("pip", "24.0")` downloads with `pip download --no-deps --only-binary=:all:` into
`$LICSCAN_TEST_CACHE` (default `~/.cache/licscan-test`) and returns the wheel's bytes. Without
network the test is skipped, except when `CI=true`, where it fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def cache_dir() -> Path:
    folder = Path(os.environ.get("LICSCAN_TEST_CACHE") or Path.home() / ".cache" / "licscan-test")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def real_wheel(project: str, version: str) -> bytes:
    """The bytes of `<project>-<version>-py3-none-any.whl` from PyPI (cached)."""
    folder = cache_dir()
    name = f"{project}-{version}-py3-none-any.whl"
    path = folder / name
    if not path.is_file():
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        command += ["--disable-pip-version-check", "-q", "-d", str(folder), f"{project}=={version}"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
            why = done.stderr.strip().splitlines()[-1:] if done.returncode else []
        except (OSError, subprocess.TimeoutExpired) as error:
            why = [str(error)]
        if not path.is_file():
            message = f"could not fetch {name} from PyPI: {' '.join(why) or 'no such file'}"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
    return path.read_bytes()
