"""licscan: license compliance scanner for python-build-standalone CPython distributions.

Library API, one call per pipeline stage:

    inventory = licscan.scan("cpython-3.11.9+20240415-x86_64-unknown-linux-gnu-lto-full.tar.zst")
    verdict = licscan.judge(inventory)                 # findings under the default policy
    data = licscan.render_report(licscan.Report(inventory, verdict), "cyclonedx")

A container holding several Python installations (an app bundle, a folder of uv Pythons):
`licscan.scan_all(path)` gives one inventory each, `licscan.reports(path)` one report each.

The stages are packages: read -> pbs -> inventory -> judge -> render (see README).
"""

from licscan.api import judge, render_report, report, reports, scan, scan_all
from licscan.errors import (
    ArchiveError,
    InputError,
    LicscanError,
    MetadataError,
    OutputError,
    PolicyError,
    UsageError,
)
from licscan.model import Finding, Inventory, Report, Severity, Verdict
from licscan.version import __version__

# Importing licscan.api loads the stage packages first, so the names bound here afterwards win:
# `licscan.judge` is the API function, not the `licscan/judge/` package. Renderers load lazily.

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
    "judge",
    "render_report",
    "report",
    "reports",
    "scan",
    "scan_all",
]
