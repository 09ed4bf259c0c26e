"""spdx-python-model's SPDX 3.0.1 bindings, imported without their optional RDF support.

The bindings define their rdflib decoder and encoder only if `import rdflib` works (rdflib is
installed: spdx-tools needs it), and importing rdflib costs about 0.07 s of CPU (the bindings
build the reference document the tests hold `spdx3.py`'s own writer to). licscan writes JSON-LD
with the bindings' JSON serializer and never uses their RDF classes, so the bindings are
imported while `rdflib` is marked absent, then the mark is removed: rdflib itself stays
importable (by spdx-tools or anyone). Bindings already imported, or an rdflib already
imported, are left as they are.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

BINDINGS = "spdx_python_model.bindings.v3_0_1"
_LOCK = threading.Lock()


def load() -> ModuleType:
    """The `v3_0_1` bindings module."""
    with _LOCK:
        if BINDINGS in sys.modules or "rdflib" in sys.modules:
            return importlib.import_module(BINDINGS)
        sys.modules["rdflib"] = None  # type: ignore[assignment]  # `import rdflib` fails
        try:
            return importlib.import_module(BINDINGS)
        finally:
            if sys.modules.get("rdflib", ModuleType("x")) is None:
                del sys.modules["rdflib"]
