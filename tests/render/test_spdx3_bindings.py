"""The SPDX 3 bindings load without rdflib (the JSON-LD writer does not use it), and rdflib
stays importable afterwards."""

from __future__ import annotations

import subprocess
import sys

_CHECK = """
import sys
{before}
from licscan.render import spdx3_library as spdx3
assert hasattr(spdx3.spdx3, "software_Package")
print("rdflib" in sys.modules, hasattr(spdx3.spdx3, "RDFEncoder"))
import rdflib
print(rdflib.Graph.__name__)
"""


def _run(before: str = "") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _CHECK.format(before=before)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_bindings_are_imported_without_rdflib_which_stays_importable() -> None:
    assert _run() == ["False", "False", "Graph"]


def test_an_rdflib_already_imported_is_left_alone() -> None:
    assert _run("import rdflib") == ["True", "True", "Graph"]
