"""Build `data/identified-texts.json`: licenseclassifier's answer for the license texts PBS ships.

Usage:
    python -m licscan.inventory.text_ids_build ../shared/pbs data/identified-texts.json

Reads every text of the folder's `licenses-*/` release folders and its `install-LICENSE.*`
files (CPython's LICENSE.txt as installed), decoded as licscan decodes a license file, runs
the engine on each and writes, by SHA-256 of the text, the ids it matched and the percent
covered, with the licenseclassifier version they hold for (`text_ids.known_texts` ignores the
file under any other version: rerun this after upgrading licenseclassifier).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from licscan.inventory.license_files import decode
from licscan.inventory.text_ids import classifier_version, engine_scan, text_digest


def texts_of(folder: Path) -> dict[str, str]:
    """Where each text was read (relative to `folder`) -> the text; binary and empty left out."""
    paths = sorted(p for p in folder.glob("licenses-*/*") if p.is_file())
    paths += sorted(folder.glob("install-LICENSE.*"))
    found: dict[str, str] = {}
    for path in paths:
        text = decode(path.read_bytes())
        if text is not None and text.strip():
            found[path.relative_to(folder).as_posix()] = text
    return found


def build(folder: Path) -> dict[str, Any]:
    """The document: the engine's answer for each distinct text of `folder`."""
    entries: dict[str, dict[str, Any]] = {}
    for seen_as, text in texts_of(folder).items():
        digest = text_digest(text)
        if digest in entries:
            continue
        found = engine_scan(text)
        if found is None:
            raise SystemExit("this licenseclassifier has no engine: nothing to precompute")
        ids, percent = found
        entries[digest] = {"seen_as": seen_as, "ids": list(ids), "percent": percent}
    return {
        "about": "licenseclassifier's matches for the license texts PBS ships, by SHA-256 of "
        "the text; written by `python -m licscan.inventory.text_ids_build`",
        "licenseclassifier": classifier_version(),
        "texts": dict(sorted(entries.items())),
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    Path(argv[1]).write_text(render(build(Path(argv[0]))), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
