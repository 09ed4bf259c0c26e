"""Binary evidence, read in the archive's single pass: formats, architectures, the libraries
binaries load, and the library code they contain by its fingerprint (`data/fingerprints.json`).
"""

from licscan.read.binary.fingerprints import Fingerprint, load_fingerprints, parse_fingerprints
from licscan.read.binary.headers import HeaderCollector, HeaderInfo
from licscan.read.binary.inspector import BinaryInspector
from licscan.read.binary.matcher import StreamMatcher
from licscan.read.binary.patterns import Patterns
from licscan.read.binary.sniff import sniff

__all__ = [
    "BinaryInspector",
    "Fingerprint",
    "HeaderCollector",
    "HeaderInfo",
    "Patterns",
    "StreamMatcher",
    "load_fingerprints",
    "parse_fingerprints",
    "sniff",
]
