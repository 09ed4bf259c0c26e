"""License texts from the SPDX License List, for components whose text the archive lacks.

The data is the SPDX License List bundle that the `licenseid` package ships
(`licenseid/data/spdx-bundle.json.gz`: every license of one list version with its text;
exceptions without texts). It is read as a file, without importing licenseid, once.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution

PACKAGE = "licenseid"
BUNDLE = "licenseid/data/spdx-bundle.json.gz"
_MAX_BYTES = 32 * 2**20


@dataclass(frozen=True)
class LicenseList:
    """One SPDX License List version: id -> text (licenses only), exception ids."""

    version: str  # the SPDX License List version, e.g. "3.29.0"
    package: str  # where it came from, e.g. "licenseid 0.5.0"
    texts: Mapping[str, str]
    exceptions: frozenset[str]

    def text(self, spdx_id: str) -> str | None:
        return self.texts.get(spdx_id.lower())


EMPTY = LicenseList("", "", {}, frozenset())


@cache
def license_list() -> LicenseList:
    """The bundled list; EMPTY when the package or its data is not there."""
    try:
        dist = distribution(PACKAGE)
        with gzip.open(str(dist.locate_file(BUNDLE)), "rb") as stream:
            raw = stream.read(_MAX_BYTES + 1)
    except (PackageNotFoundError, OSError):
        return EMPTY
    if len(raw) > _MAX_BYTES:
        return EMPTY
    doc = json.loads(raw)
    texts = {
        str(entry["licenseId"]).lower(): str(entry["text"])
        for entry in doc.get("licenses", [])
        if isinstance(entry, dict) and entry.get("licenseId") and entry.get("text")
    }
    exceptions = frozenset(
        str(entry["licenseExceptionId"]).lower()
        for entry in doc.get("exceptions", [])
        if isinstance(entry, dict) and entry.get("licenseExceptionId")
    )
    version = str(doc.get("licenseListVersion") or "unknown")
    return LicenseList(version, f"{PACKAGE} {dist.version}", texts, exceptions)
