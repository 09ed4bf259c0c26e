"""licscan: license compliance scanner for python-build-standalone CPython distributions.

Library API, one call per pipeline stage:

    inventory = licscan.scan("cpython-3.11.9+20240415-x86_64-unknown-linux-gnu-lto-full.tar.zst")
    verdict = licscan.judge(inventory)                 # findings under the default policy
    data = licscan.render(licscan.Report(inventory, verdict), "cyclonedx")
"""

from licscan.api import judge, render, report, scan
from licscan.errors import (
    ArchiveError,
    InputError,
    LicscanError,
    MetadataError,
    OutputError,
    PolicyError,
)
from licscan.model import Finding, Inventory, Report, Severity, Verdict

__version__ = "0.1.0"

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
    "Verdict",
    "__version__",
    "judge",
    "render",
    "report",
    "scan",
]
