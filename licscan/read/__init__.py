"""Stage 1, read: a container (zstd, gzip or plain tar, a directory, a container image or an
executable with an archive inside) streamed once.

Takes a path or a binary stream (stdin); gives `ArchiveContents`: every member with its
size and SHA-256, the few members licscan keeps (PYTHON.json, license texts, dist-info
metadata), what inspectors saw in the binaries on the way, and the flavor the layout shows.
`expand_inputs` turns command-line arguments (folders, `-`, URLs) into the inputs to read.
"""

from licscan.read import discover, layout
from licscan.read.archive import (
    STDIN_NAME,
    KeepRule,
    Progress,
    detect_container,
)
from licscan.read.binary import BinaryInspector, Fingerprint, load_fingerprints
from licscan.read.inputs import STDIN, InputRef, expand_inputs, same_file
from licscan.read.limits import DEFAULT_LIMITS, Deadline, Limits, exceeded, size_text
from licscan.read.raw_tar import raw_tar
from licscan.read.remote import display_url, is_url, url_name
from licscan.read.source import read_input as read_archive
from licscan.read.streams import Readable

__all__ = [
    "DEFAULT_LIMITS",
    "STDIN",
    "STDIN_NAME",
    "BinaryInspector",
    "Deadline",
    "Fingerprint",
    "InputRef",
    "KeepRule",
    "Limits",
    "Progress",
    "Readable",
    "detect_container",
    "discover",
    "display_url",
    "exceeded",
    "expand_inputs",
    "is_url",
    "layout",
    "load_fingerprints",
    "raw_tar",
    "read_archive",
    "same_file",
    "size_text",
    "url_name",
]
