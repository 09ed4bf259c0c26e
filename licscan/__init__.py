"""licscan: license compliance scanner for python-build-standalone CPython distributions.

Library API, one call per pipeline stage:

    inventory = licscan.scan("cpython-3.11.9+20240415-x86_64-unknown-linux-gnu-lto-full.tar.zst")
    verdict = licscan.judge(inventory)                 # findings under the default policy
    data = licscan.render_report(licscan.Report(inventory, verdict), "cyclonedx")

A container holding several Python installations (an app bundle, a folder of uv Pythons):
`licscan.scan_all(path)` gives one inventory each, `licscan.reports(path)` one report each,
and `licscan.render_gate(reports, "sarif")` the CI gate result of them all (json, sarif, junit).
`licscan.diff(old_report, new_report)` says what changed between two (`licscan diff`);
`licscan.open_store(path)` opens the SQLite results store of `--db`;
`licscan.scan_many(inputs, jobs=2)` scans many paths or URLs in parallel (or on Dask).

The stages are packages: read -> pbs -> inventory -> judge -> render (see README).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from licscan.errors import (
    ArchiveError,
    InputError,
    LicscanError,
    MetadataError,
    OutputError,
    PolicyError,
    UsageError,
)
from licscan.version import __version__

if TYPE_CHECKING:
    from licscan.api import (
        check_sbom,
        diff,
        diff_all,
        judge,
        open_store,
        render_diff,
        render_gate,
        render_report,
        report,
        reports,
        scan,
        scan_all,
        strip,
    )
    from licscan.fleet import scan_many
    from licscan.model import Finding, Inventory, Report, Severity, Verdict

# Loaded on first use, so that importing licscan (and `licscan --version`) stays cheap.
_API = frozenset(
    {
        "check_sbom",
        "diff",
        "diff_all",
        "judge",
        "open_store",
        "render_diff",
        "render_gate",
        "render_report",
        "report",
        "reports",
        "scan",
        "scan_all",
        "strip",
    }
)
_MODEL = frozenset({"Finding", "Inventory", "Report", "Severity", "Verdict"})


def __getattr__(name: str) -> Any:
    if name in _API:
        from licscan import api

        value = getattr(api, name)
    elif name == "scan_many":
        from licscan import fleet

        value = fleet.scan_many
    elif name in _MODEL:
        from licscan import model

        value = getattr(model, name)
    else:
        raise AttributeError(f"module 'licscan' has no attribute {name!r}")
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """`licscan.judge` is the API function: loading the `licscan.judge` stage package (which
    Python records as an attribute of its parent) must not replace it."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "ArchiveError",
    "Finding",
    "InputError",
    "Inventory",
    "LicscanError",
    "MetadataError",
    "OutputError",
    "PolicyError",
    "Report",
    "Severity",
    "UsageError",
    "Verdict",
    "__version__",
    "check_sbom",
    "diff",
    "diff_all",
    "judge",
    "open_store",
    "render_diff",
    "render_gate",
    "render_report",
    "report",
    "reports",
    "scan",
    "scan_all",
    "scan_many",
    "strip",
]
