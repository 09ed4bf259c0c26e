"""What a license text is, read from the text itself with licenseclassifier.

licenseclassifier matches a text against the SPDX license list's texts and says which
licenses appear in it and how much of the text they cover; only what covers most of the text
(IDENTIFICATION_THRESHOLD) says what the text *is*, so a text that quotes a license (CPython's
history section names the GPL) is not taken for it. Ids are spelled as license-expression
spells them today (`GPL-3.0` becomes `GPL-3.0-only`).
"""

from __future__ import annotations

import gzip
import importlib
import marshal
from collections.abc import Iterable
from functools import cache, lru_cache

from licenseclassifier import identify_license

from licscan.model import IDENTIFICATION_THRESHOLD
from licscan.spdx import normalize_id

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
    anywhere = _ids(r.id for r in identify_license(text, coverage_threshold=0.0))
    whole = bool(identify_license(text, coverage_threshold=IDENTIFICATION_THRESHOLD))
    return anywhere, whole and bool(anywhere)


def _scan(text: str) -> tuple[tuple[str, ...], float] | None:
    """One pass of licenseclassifier's engine (ids and coverage together), or None when this
    licenseclassifier has no such engine: then the public API answers in two passes."""
    try:
        from licenseclassifier._engine import scan
    except ImportError:
        return None
    _preload()
    coverage = scan(text)
    return _ids(m.id for m in coverage.match), float(coverage.percent)


@cache
def _preload() -> None:
    """Load licenseclassifier's prebuilt scanner from one read of its file: the engine's own
    loader unpickles it from a gzip stream in 40,000 small reads (0.03 s instead of 0.015 s).
    The engine's checks stay: a version it does not know, or any failure, leaves it to load
    (or rebuild) the scanner itself."""
    try:
        engine = importlib.import_module("licenseclassifier._engine.scan")
        if engine._builtin is not None:
            return
        data = marshal.loads(gzip.decompress(engine._ARTIFACT_PATH.read_bytes()))
        if data.get("version") == engine.FORMAT_VERSION:
            setattr(engine, "_builtin", engine.Scanner.from_compiled(data))  # noqa: B010
    except Exception:  # an optimisation only: the engine then loads as it always did
        return


def _ids(found: Iterable[str]) -> tuple[str, ...]:
    ids: list[str] = []
    for raw in found:
        current, invalid, _deprecated = normalize_id(raw)
        spdx_id = raw if invalid else current
        if spdx_id not in ids:
            ids.append(spdx_id)
    return tuple(ids)
