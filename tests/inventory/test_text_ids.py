"""License texts identified from the text itself (real PBS texts from ../shared/pbs)."""

from __future__ import annotations

import json
from pathlib import Path

import licenseclassifier
import pytest

import licscan
from licscan.inventory import text_ids
from licscan.inventory.text_ids import identify
from licscan.model import IDENTIFICATION_THRESHOLD, Finding, Inventory, Severity
from licscan.resources import data_dir
from tests.builders import SHARED, era_archive, write_archive
from tests.generated import generated_for

CURRENT = generated_for(
    "data/identified-texts.json",
    json.loads((data_dir() / text_ids.KNOWN_TEXTS).read_text("utf-8"))["licenseclassifier"],
    licenseclassifier.__version__,
    "python -m licscan.inventory.text_ids_build (README: Text identification)",
)


def _text(release: str, name: str) -> str:
    return (SHARED / f"licenses-{release}" / name).read_text(encoding="utf-8")


def _scan(tmp_path: Path, era: str, swap: dict[str, str] | None = None) -> Inventory:
    spec = era_archive(era)
    for target, source in (swap or {}).items():
        spec.members[f"python/licenses/{target}"] = spec.members[f"python/licenses/{source}"]
    return licscan.scan(write_archive(spec, tmp_path / f"{era}.tar", container="tar"))


def _mismatches(inventory: Inventory) -> dict[str, Finding]:
    findings = licscan.judge(inventory).findings
    return {f.component or "": f for f in findings if f.id == "license-text-mismatch"}


def test_real_texts_are_identified_in_current_spelling() -> None:
    assert identify(_text("20221220", "LICENSE.readline.txt")) == (
        ("GPL-3.0-only", "GPL-3.0-or-later"),
        True,
    )
    assert identify(_text("20260814", "LICENSE.libXau.txt")) == (("MIT-open-group",), True)
    assert identify(_text("20260814", "LICENSE.openssl-3.txt")) == (("Apache-2.0",), True)


def test_cpythons_history_section_is_not_a_gpl_claim() -> None:
    ids, whole = identify(_text("20221220", "LICENSE.cpython.txt"))
    assert "Python-2.0.1" in ids
    assert not whole
    assert not any(i.startswith("GPL") for i in ids)


def test_public_domain_texts_are_not_identified_as_a_license() -> None:
    assert identify(_text("20260814", "LICENSE.sqlite.txt")) == ((), False)


def test_variant_texts_are_info_findings_and_matching_texts_none(tmp_path: Path) -> None:
    found = _mismatches(_scan(tmp_path, "linux-3.9-20221220"))
    assert set(found) == {"libXau", "ncurses", "uuid"}
    assert all(f.severity is Severity.INFO for f in found.values())
    assert "MIT-open-group" in found["libXau"].message
    assert "X11-distribute-modifications-variant" in found["ncurses"].message


def test_a_copyleft_text_behind_a_permissive_declaration_is_a_warning(tmp_path: Path) -> None:
    inventory = _scan(
        tmp_path, "linux-3.9-20221220", swap={"LICENSE.zlib.txt": "LICENSE.readline.txt"}
    )
    zlib = _mismatches(inventory)["zlib"]
    assert zlib.severity is Severity.WARNING
    assert zlib.license == "GPL-3.0-only AND GPL-3.0-or-later"
    assert "declared Zlib" in zlib.message


@pytest.mark.parametrize("fmt", ["json", "cyclonedx", "spdx", "notice", "html"])
def test_the_identified_id_is_in_every_output(tmp_path: Path, fmt: str) -> None:
    inventory = _scan(tmp_path, "linux-3.9-20221220")
    output = licscan.render_report(licscan.Report(inventory, licscan.judge(inventory)), fmt)
    assert b"MIT-open-group" in output
    if fmt == "json":
        (xau,) = [c for c in json.loads(output)["components"] if c["key"] == "libXau"]
        (text,) = xau["license_files"]
        assert text["identified"] == ["MIT-open-group"]
        assert text["identified_whole"] is True


def test_the_one_pass_engine_agrees_with_the_public_api() -> None:
    from licscan.inventory import text_ids

    for release, name in (
        ("20221220", "LICENSE.readline.txt"),
        ("20221220", "LICENSE.cpython.txt"),
        ("20260814", "LICENSE.libXau.txt"),
        ("20260814", "LICENSE.bdb.txt"),
    ):
        text = _text(release, name)
        ids, percent = text_ids._scan(text) or ((), 0.0)
        public = text_ids._ids(
            r.id for r in licenseclassifier.identify_license(text, coverage_threshold=0.0)
        )
        assert ids == public
        whole = bool(licenseclassifier.identify_license(text))
        assert (percent >= IDENTIFICATION_THRESHOLD) == whole


@CURRENT
def test_precomputed_answers_are_the_engines_for_the_shared_texts(tmp_path: Path) -> None:
    from licscan.cli.example import write_example
    from licscan.inventory import text_ids_build

    example = write_example(tmp_path)
    written = (data_dir() / text_ids.KNOWN_TEXTS).read_text(encoding="utf-8")
    document = json.loads(written)
    assert written == text_ids_build.render(document)
    rebuilt = text_ids_build.build(SHARED, [example])
    stale = (
        "data/identified-texts.json is stale: licscan example /tmp && python -m "
        "licscan.inventory.text_ids_build ../shared/pbs data/identified-texts.json "
        f"/tmp/{example.name} WHEELS (README: Text identification)"
    )
    assert {k: v for k, v in document.items() if k != "texts"} == {
        k: v for k, v in rebuilt.items() if k != "texts"
    }, stale
    assert rebuilt["texts"].items() <= document["texts"].items(), stale
    others = [e["seen_as"] for d, e in document["texts"].items() if d not in rebuilt["texts"]]
    assert all(".whl!" in seen_as for seen_as in others), stale  # the rest: from wheels
    assert len(text_ids.known_texts()) >= 40  # this licenseclassifier: the table is used


@CURRENT
def test_precomputed_answers_for_wheel_texts_are_the_engines(testbins: Path) -> None:
    """Against the pip and setuptools wheels' texts tests/binaries/fetch.sh keeps."""
    from licscan.inventory import text_ids_build
    from licscan.inventory.license_files import decode

    table = json.loads((data_dir() / text_ids.KNOWN_TEXTS).read_text(encoding="utf-8"))
    checked = 0
    for wheel in sorted((testbins / "wheelx").glob("*-py3-none-any")):
        for path in sorted(p for p in wheel.rglob("*") if p.is_file() and p.name != ".wheel"):
            member = path.relative_to(wheel).as_posix()
            text = decode(path.read_bytes())
            if not text_ids_build.is_text_member(member) or text is None or not text.strip():
                continue
            entry = table["texts"].get(text_ids.text_digest(text))
            assert entry is not None, f"{wheel.name}.whl!{member} is not in the table"
            assert (tuple(entry["ids"]), entry["percent"]) == text_ids.engine_scan(text)
            checked += 1
    if not checked:
        pytest.skip("no pip/setuptools wheel texts in the cache: rerun tests/binaries/fetch.sh")


@CURRENT
def test_the_bundled_examples_texts_need_no_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from licscan.cli.example import write_example

    monkeypatch.setattr(text_ids, "engine_scan", _no_engine)
    identify.cache_clear()
    try:
        inventory = licscan.scan(write_example(tmp_path))
    finally:
        identify.cache_clear()
    texts = [f for c in inventory.components for f in c.license_files if f.identified == ()]
    assert texts  # stand-ins are identified as nothing, from the table


@CURRENT
def test_a_known_text_is_answered_without_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _text("20260814", "LICENSE.openssl-3.txt")
    expected = text_ids.engine_scan(text)
    assert expected is not None
    monkeypatch.setattr(text_ids, "engine_scan", _no_engine)
    identify.cache_clear()
    try:
        assert identify(text) == (("Apache-2.0",), True)
        assert text_ids._scan(text) == (text_ids._ids(expected[0]), expected[1])
        with pytest.raises(AssertionError, match="engine"):
            identify(text + "\nand one more line")  # not in the table: the engine
    finally:
        identify.cache_clear()


@CURRENT
def test_the_table_is_not_used_under_another_classifier_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(licenseclassifier, "__version__", "0.0.1", raising=False)
    text_ids.known_texts.cache_clear()
    try:
        assert text_ids.known_texts() == {}
    finally:
        monkeypatch.undo()
        text_ids.known_texts.cache_clear()
    assert text_ids.known_texts()


def _no_engine(text: str) -> None:
    raise AssertionError("the engine was asked")
