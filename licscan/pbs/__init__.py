"""Stage 2, pbs: what licscan knows about python-build-standalone.

Takes raw PYTHON.json bytes, file names and member names; gives the typed `PythonJson` (format
versions 0-8), parsed asset names, the release (tag, stamp or inferred window), the catalog
of PBS components per release, and the GPL / Berkeley DB timeline.
"""

from licscan.pbs import installation, quirks, timeline
from licscan.pbs.asset_names import parse_asset_name
from licscan.pbs.catalog import Catalog, CatalogComponent, load_catalog, python_minor
from licscan.pbs.installation import BuildConfig
from licscan.pbs.provenance import infer_release
from licscan.pbs.python_json import SUPPORTED_FORMATS, parse_python_json
from licscan.pbs.uv_names import parse_uv_key

__all__ = [
    "SUPPORTED_FORMATS",
    "BuildConfig",
    "Catalog",
    "CatalogComponent",
    "infer_release",
    "installation",
    "load_catalog",
    "parse_asset_name",
    "parse_python_json",
    "parse_uv_key",
    "python_minor",
    "quirks",
    "timeline",
]
