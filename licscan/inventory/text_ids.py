"""What a license text is, read from the text itself with licenseclassifier.

licenseclassifier matches a text against the SPDX license list's texts and says which
licenses appear in it and how much of the text they cover; only what covers most of the text
(IDENTIFICATION_THRESHOLD) says what the text *is*, so a text that quotes a license (CPython's
history section names the GPL) is not taken for it. Ids are spelled as license-expression
spells them today (`GPL-3.0` becomes `GPL-3.0-only`).

The texts PBS ships are the same few dozen in every archive: `data/identified-texts.json`
holds the engine's answer for each of them (by SHA-256 of the text), written by
`python -m licscan.inventory.text_ids_build` for the licenseclassifier version it names, and
used only with that version. A text found there costs a hash instead of a scan, and a run
whose texts are all there never imports licenseclassifier nor loads the engine's scanner
(0.05-0.2 s of CPU per run).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

from licscan.inventory.text_ids_engine import classifier_version, engine_scan_function
from licscan.model import IDENTIFICATION_THRESHOLD
from licscan.resources import data_dir
from licscan.spdx import normalize_id

KNOWN_TEXTS = "identified-texts.json"

MAX_IDENTIFIED = 2**20  # characters: a longer "license text" is not identified (memory)


@lru_cache(maxsize=256)
def identify(text: str) -> tuple[tuple[str, ...], bool]:
    """(SPDX ids recognized anywhere in the text, in text order, each once;
    whether they cover the text). A text over MAX_IDENTIFIED characters (real ones are
    under 100 KB) is not identified: the classifier's tokens would take ~30x its size."""
    if len(text) > MAX_IDENTIFIED:
        return (), False
    found = _scan(text)
    if found is not None:
        ids, percent = found
        return ids, bool(ids) and percent >= IDENTIFICATION_THRESHOLD
    from licenseclassifier import identify_license  # no engine: its public API, imported late

    anywhere = _ids(r.id for r in identify_license(text, coverage_threshold=0.0))
    whole = bool(identify_license(text, coverage_threshold=IDENTIFICATION_THRESHOLD))
    return anywhere, whole and bool(anywhere)


def _scan(text: str) -> tuple[tuple[str, ...], float] | None:
    """One pass of licenseclassifier's engine (ids and coverage together; its answer from
    `data/identified-texts.json` for a text there), or None when this licenseclassifier has
    no such engine: then the public API answers in two passes."""
    known = known_texts().get(text_digest(text))
    if known is not None:
        return _ids(known[0]), known[1]
    found = engine_scan(text)
    return None if found is None else (_ids(found[0]), found[1])


def engine_scan(text: str) -> tuple[tuple[str, ...], float] | None:
    """The engine's own answer: the ids it matched (as it spells them, in text order) and the
    percent of the text they cover; None without the engine."""
    scan = engine_scan_function()
    if scan is None:
        return None
    coverage = scan(text)
    return tuple(m.id for m in coverage.match), float(coverage.percent)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@cache
def known_texts() -> Mapping[str, tuple[tuple[str, ...], float]]:
    """SHA-256 of a text -> the engine's answer, from `data/identified-texts.json`; empty
    when that file was written for another licenseclassifier version or cannot be read."""
    try:
        data = json.loads((data_dir() / KNOWN_TEXTS).read_text(encoding="utf-8"))
        if not classifier_version() or data.get("licenseclassifier") != classifier_version():
            return {}
        return {
            digest: (tuple(str(i) for i in entry["ids"]), float(entry["percent"]))
            for digest, entry in data["texts"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _ids(found: Iterable[str]) -> tuple[str, ...]:
    ids: list[str] = []
    for raw in found:
        current, invalid, _deprecated = normalize_id(raw)
        spdx_id = raw if invalid else current
        if spdx_id not in ids:
            ids.append(spdx_id)
    return tuple(ids)
