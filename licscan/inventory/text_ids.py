"""What a license text is, read from the text itself with licenseclassifier.

licenseclassifier matches a text against the SPDX license list's texts and says which
licenses appear in it; with its coverage threshold it says only what covers most of the
text, so a text that quotes a license (CPython's history section names the GPL) is not
taken for it. Ids are spelled as license-expression spells them today (`GPL-3.0` becomes
`GPL-3.0-only`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from licenseclassifier import identify_license

from licscan.model import IDENTIFICATION_THRESHOLD
from licscan.spdx import normalize_id

IDENTIFIER = "licenseclassifier"


@lru_cache(maxsize=256)
def identify(text: str) -> tuple[tuple[str, ...], bool]:
    """(SPDX ids recognized anywhere in the text, in text order, each once;
    whether those recognized over the threshold cover the text)."""
    anywhere = _ids(r.id for r in identify_license(text, coverage_threshold=0.0))
    whole = bool(identify_license(text, coverage_threshold=IDENTIFICATION_THRESHOLD))
    return anywhere, whole and bool(anywhere)


def _ids(found: Iterable[str]) -> tuple[str, ...]:
    ids: list[str] = []
    for raw in found:
        current, invalid, _deprecated = normalize_id(raw)
        spdx_id = raw if invalid else current
        if spdx_id not in ids:
            ids.append(spdx_id)
    return tuple(ids)
