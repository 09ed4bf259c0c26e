"""Stage 1, read: a container (zstd, gzip or plain tar, or a directory) streamed once.

Takes a path; gives `ArchiveContents`: every member with its size and SHA-256, the few
members licscan keeps (PYTHON.json, license texts, dist-info metadata), what inspectors saw
in the binaries on the way, and the flavor (full or install_only) the layout shows.
"""

from licscan.read import discover, layout
from licscan.read.archive import DEFAULT_LIMITS, Limits, Progress, detect_container, read_archive
from licscan.read.binary import BinaryInspector, Fingerprint, load_fingerprints

__all__ = [
    "DEFAULT_LIMITS",
    "BinaryInspector",
    "Fingerprint",
    "Limits",
    "Progress",
    "detect_container",
    "discover",
    "layout",
    "load_fingerprints",
    "read_archive",
]
