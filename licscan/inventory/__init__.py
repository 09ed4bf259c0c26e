"""Stage 3, inventory: the components of one distribution.

Takes the read contents and the parsed PBS metadata; gives an `Inventory`: CPython, every
bundled, build-only and system library, unannotated runtimes and the Python packages, each
with declared and concluded SPDX expressions, versions, hashes, license files and corrections.
"""

from licscan.inventory.build import build_inventory
from licscan.inventory.disputes import STRIP_MANIFEST_FORMAT, known_disputes

__all__ = ["STRIP_MANIFEST_FORMAT", "build_inventory", "known_disputes"]
