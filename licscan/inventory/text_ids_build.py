"""Build `data/identified-texts.json`: licenseclassifier's answer for the license texts PBS ships.

Usage:
    licscan example /tmp
    python -m licscan.inventory.text_ids_build ../shared/pbs data/identified-texts.json \
        /tmp/cpython-3.11.9+20240415-aarch64-apple-darwin-pgo+lto-full.tar.zst [WHEEL ...]

Reads every text of the folder's `licenses-*/` release folders and its `install-LICENSE.*`
files (CPython's LICENSE.txt as installed), then the license-like members of each archive or
wheel named (the bundled example's stand-in texts; pip's and setuptools' wheels, e.g. from
`pip download pip==26.2.1 --no-deps -d DIR`), decodes each as licscan decodes a license file,
runs the engine on it and writes, by SHA-256 of the text, the ids it matched and the percent
covered, with the licenseclassifier version they hold for (`text_ids.known_texts` ignores the
file under any other version: rerun this after upgrading licenseclassifier). It also writes
`engine-states.json` beside it: the engine's start-state transitions (`text_ids_engine`).
"""

from __future__ import annotations

import json
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import zstandard

from licscan.inventory.license_files import decode
from licscan.inventory.text_ids import engine_scan, text_digest
from licscan.inventory.text_ids_engine import ENGINE_STATES, classifier_version, cold_states

MAX_TEXT_BYTES = 2**20


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


_TEXT_NAMES = ("LICEN", "COPYING", "COPYRIGHT", "AUTHORS", "NOTICE")


def is_text_member(member: str) -> bool:
    """A license-like member: LICENSE*, COPYING*, COPYRIGHT*, AUTHORS*, NOTICE*, or anything
    but Python code under a dist-info's `licenses/` folder (PEP 639)."""
    base = member.rsplit("/", 1)[-1]
    if base.endswith(".py"):
        return False
    return base.upper().startswith(_TEXT_NAMES) or (
        ".dist-info/licenses/" in member or member.startswith("licenses/")
    )


def texts_of_archive(path: Path) -> dict[str, str]:
    """`ARCHIVE!member` -> text for each license-like member (`is_text_member`) of a tar
    (plain, .gz, .zst) or a wheel."""
    found: dict[str, str] = {}
    for member, data in _members(path):
        text = decode(data) if is_text_member(member) else None
        if text is not None and text.strip():
            found[f"{path.name}!{member}"] = text
    return found


def _members(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(path) as wheel:
            for info in sorted(wheel.infolist(), key=lambda i: i.filename):
                if not info.is_dir() and info.file_size <= MAX_TEXT_BYTES:
                    yield info.filename, wheel.read(info)
        return
    with path.open("rb") as raw:
        stream: Any = raw
        if path.suffix == ".zst":
            stream = zstandard.ZstdDecompressor().stream_reader(raw)
        with tarfile.open(fileobj=stream, mode="r|*") as tar:
            for entry in tar:
                extracted = tar.extractfile(entry) if entry.size <= MAX_TEXT_BYTES else None
                if entry.isfile() and extracted is not None:
                    yield entry.name, extracted.read()


def build(folder: Path, archives: Iterable[Path] = ()) -> dict[str, Any]:
    """The document: the engine's answer for each distinct text of `folder`, then of each
    archive (the bundled example, wheels)."""
    entries: dict[str, dict[str, Any]] = {}
    texts = texts_of(folder)
    for archive in archives:
        texts.update(texts_of_archive(archive))
    for seen_as, text in texts.items():
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


def render_states(document: dict[str, Any]) -> str:
    """One line a state: the document stays small (24 KB) and its diffs readable."""
    head = {k: v for k, v in document.items() if k != "states"}
    lines = [json.dumps(state, separators=(",", ":")) for state in document["states"]]
    body = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    return body + ',\n "states": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        raise SystemExit(__doc__)
    out = Path(argv[1])
    out.with_name(ENGINE_STATES).write_text(render_states(cold_states()), encoding="utf-8")
    document = build(Path(argv[0]), [Path(a) for a in argv[2:]])
    out.write_text(render(document), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
