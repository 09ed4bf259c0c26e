"""Stage 2, pbs: what licscan knows about python-build-standalone.

Takes raw PYTHON.json bytes, file names and member names; gives the typed `PythonJson` (format
versions 0-8), parsed asset names, the release (tag, stamp or inferred window), the catalog
of PBS components per release, and the GPL / Berkeley DB timeline.
"""

from licscan.pbs import quirks, timeline
from licscan.pbs.asset_names import parse_asset_name
from licscan.pbs.catalog import Catalog, CatalogComponent, load_catalog
from licscan.pbs.provenance import infer_release
from licscan.pbs.python_json import SUPPORTED_FORMATS, parse_python_json

__all__ = [
    "SUPPORTED_FORMATS",
    "Catalog",
    "CatalogComponent",
    "infer_release",
    "load_catalog",
    "parse_asset_name",
    "parse_python_json",
    "quirks",
    "timeline",
]
