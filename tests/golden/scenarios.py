"""Scenarios whose five report formats are pinned byte for byte in `digests.json`.

The digests were made before a refactoring and guard it: a change that alters any output
fails `tests/test_golden.py`. When a change alters outputs on purpose, regenerate them and
review the diff of `digests.json` in the same commit:

    .venv/bin/python -m tests.golden.scenarios --update

Archives are written as plain `.tar` (or the example's own `.tar.zst`), so the digests do
not depend on a compressor's version.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from licscan import api
from licscan.cli.example import write_example
from licscan.render.formats import FORMATS
from tests.builders import ERA_NAMES, era_archive, to_install_only, write_archive

DIGESTS = Path(__file__).with_name("digests.json")

_INSTALL_ONLY = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar"


def _write_era(name: str) -> Callable[[Path], Path]:
    return lambda folder: write_archive(era_archive(name), folder / f"{name}.tar", container="tar")


def _write_install_only(folder: Path) -> Path:
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    return write_archive(spec, folder / _INSTALL_ONLY, container="tar")


SCENARIOS: dict[str, Callable[[Path], Path]] = {
    "example": write_example,
    **{name: _write_era(name) for name in ERA_NAMES},
    "install-only-3.9-20221220": _write_install_only,
}


def digests(name: str, folder: Path) -> dict[str, str]:
    """format -> sha256 of its bytes, for one scenario written into `folder`."""
    report = api.report(SCENARIOS[name](folder))
    return {
        fmt: hashlib.sha256(api.render_report(report, fmt)).hexdigest() for fmt in sorted(FORMATS)
    }


def all_digests() -> dict[str, dict[str, str]]:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    result = {}
    for name in SCENARIOS:
        with tempfile.TemporaryDirectory() as tmp:
            result[name] = digests(name, Path(tmp))
    return result


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.golden.scenarios --update")
    DIGESTS.write_text(json.dumps(all_digests(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {DIGESTS}")
