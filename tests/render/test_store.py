"""The SQLite results store (`--db`, `licscan/render/store.py`, `data/store-schema.md`)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from licscan import api
from licscan.errors import InputError, OutputError
from licscan.model import Report
from licscan.render import Store, file_sha256, open_store, store_schema

TABLES = ("inputs", "installations", "components", "licenses", "findings")


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def store(tmp_path: Path, gpl_report: Report, clean_report: Report) -> Store:
    opened = open_store(tmp_path / "results.db")
    assert opened.add([gpl_report], "downloads/gpl.tar.zst")
    assert opened.add([clean_report], "downloads/clean.tar.zst")
    return opened


def paths(found: tuple[object, ...]) -> list[str]:
    return [getattr(s, "path") for s in found]  # noqa: B009


def test_queries_by_component_license_and_finding(store: Store) -> None:
    gpl, clean = "downloads/gpl.tar.zst", "downloads/clean.tar.zst"
    assert paths(store.with_component("readline")) == [gpl]
    assert paths(store.with_component("GNU Readline")) == [gpl]  # by name too, any case
    assert paths(store.with_component("ZLIB")) == [clean, gpl]
    assert paths(store.with_component("no-such-component")) == []
    assert paths(store.with_license("GPL-3.0-only")) == [gpl]
    assert paths(store.with_license("gpl-3.0-or-later", declared=False)) == [gpl]
    assert paths(store.with_license("Zlib")) == [clean, gpl]
    assert paths(store.with_finding("gpl-in-interpreter")) == [gpl]
    assert paths(store.with_finding("no-such-finding")) == []


def test_rows_hold_the_verdict_components_and_document(
    store: Store, gpl_report: Report, tmp_path: Path
) -> None:
    (gpl,) = store.with_finding("gpl-in-interpreter")
    assert (gpl.verdict, gpl.passed, gpl.policy) == ("fails policy", False, "default")
    assert (gpl.python_version, gpl.target_triple, gpl.release) == (
        "3.9.16",
        "x86_64-unknown-linux-gnu",
        "20221220",
    )
    assert gpl.sha256 == gpl_report.inventory.archive.sha256
    assert json.loads(store.document(gpl)) == json.loads(api.render_report(gpl_report, "json"))
    with sqlite3.connect(tmp_path / "results.db") as db:
        row = db.execute(
            "SELECT version, shipping, concluded, purl FROM components "
            "WHERE key = 'readline' AND installation_id = ?",
            (gpl.id,),
        ).fetchone()
        meta = dict(db.execute("SELECT key, value FROM meta"))
    assert row[1:3] == ("bundled", "GPL-3.0-only") and row[3].startswith("pkg:generic/readline@")
    assert meta["schema"] == "licscan-store" and meta["version"] == str(store_schema.VERSION)
    assert json.loads(store.document(gpl.id))["schema"].startswith("licscan/inventory/")


def test_an_input_already_stored_is_found_by_its_file_hash_and_not_added_again(
    store: Store, gpl_report: Report, tmp_path: Path
) -> None:
    before = counts(tmp_path / "results.db")
    sha = file_sha256(gpl_report.inventory.archive.source)
    assert sha == gpl_report.inventory.archive.sha256
    assert [s.root for s in store.lookup(sha)] == ["python"]
    assert store.add([gpl_report], "elsewhere/copy.tar.zst") is False
    assert counts(tmp_path / "results.db") == before
    assert store.lookup("0" * 64) == ()
    assert store.lookup_file(gpl_report.inventory.archive.source) == (sha, store.lookup(sha))
    same_size = tmp_path / "same-size.tar.zst"
    same_size.write_bytes(b"x" * gpl_report.inventory.archive.size)
    assert store.lookup_file(same_size) == (file_sha256(same_size), ())
    other = tmp_path / "other-size.tar.zst"
    other.write_bytes(b"x" * 1000)
    assert store.lookup_file(other) == (None, ())  # no input of its size: not even hashed
    assert file_sha256(tmp_path) is None  # a folder: hashed by the scan, after it


def test_each_input_is_one_transaction(
    tmp_path: Path, gpl_report: Report, clean_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure halfway through an input's rows leaves nothing of it; others are whole."""
    path = tmp_path / "results.db"
    store = open_store(path)
    assert store.add([clean_report], "clean.tar.zst")
    whole = counts(path)
    from licscan.render import identifiers

    calls = {"n": 0}
    real = identifiers.component_purl

    def failing(component: object) -> str:
        calls["n"] += 1
        if calls["n"] > 5:
            raise KeyboardInterrupt  # as Ctrl-C in the middle of the components
        return real(component)  # type: ignore[arg-type]

    monkeypatch.setattr(identifiers, "component_purl", failing)
    with pytest.raises(KeyboardInterrupt):
        store.add([gpl_report], "gpl.tar.zst")
    assert calls["n"] > 5
    assert counts(path) == whole  # the input row and its installation rolled back too
    monkeypatch.setattr(identifiers, "component_purl", real)
    assert store.add([gpl_report], "gpl.tar.zst")  # the store is still usable
    assert counts(path)["inputs"] == 2


def test_a_store_opens_again_and_an_empty_file_becomes_one(
    store: Store, tmp_path: Path, gpl_report: Report
) -> None:
    store.close()
    with open_store(tmp_path / "results.db") as again:
        assert len(again.installations()) == 2
    empty = tmp_path / "empty.db"
    empty.touch()
    with open_store(empty) as fresh:
        assert fresh.installations() == ()
        assert fresh.add([gpl_report], "x")


def _other_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE songs (title TEXT)")


def _newer(path: Path) -> None:
    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'version'")


def _corrupt(path: Path) -> None:
    open_store(path).close()
    data = bytearray(path.read_bytes())
    data[100:] = b"\xde\xad" * ((len(data) - 100) // 2)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("name,license\nzlib,Zlib\n"), "not an SQLite database"),
        (_other_sqlite, "not a licscan store"),
        (_newer, "schema version 99"),
        (_corrupt, "not a licscan store"),
    ],
    ids=["text", "other-sqlite", "newer-schema", "corrupt"],
)
def test_a_file_that_is_not_a_store_is_refused_untouched(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "not-a-store.db"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    with pytest.raises(InputError, match=message):
        open_store(path)
    assert path.read_bytes() == before


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        open_store(tmp_path)


# ------------------------------------------------------------------- data/store-schema.md

SCHEMA_DOC = Path(__file__).resolve().parents[2] / "data" / "store-schema.md"


def _documented_tables() -> dict[str, list[str]]:
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    tables = {}
    for section in text.split("\n### ")[1:]:
        name = re.search(r"^Table: `([a-z_]+)`$", section, flags=re.M)
        assert name, section[:40]
        tables[name.group(1)] = re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)
    return tables


def test_the_schema_doc_lists_every_table_and_column_in_order(store: Store, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "results.db") as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        actual = {t: [c[1] for c in db.execute(f"PRAGMA table_info({t})")] for t in names}
    assert _documented_tables() == actual


@pytest.mark.parametrize(
    ("value", "expected"),
    [("readline", {"gpl"}), ("GPL-3.0-or-later", {"gpl"}), ("gpl-in-interpreter", {"gpl"})],
)
def test_the_documented_queries_run_and_answer(
    store: Store, tmp_path: Path, value: str, expected: set[str]
) -> None:
    """Every query of the doc runs; the three "which archives" ones find the GPL archive."""
    queries = re.findall(r"```sql\n(.*?)```", SCHEMA_DOC.read_text(encoding="utf-8"), re.S)
    assert len(queries) >= 5
    answered = set()
    with sqlite3.connect(tmp_path / "results.db") as db:
        for query in queries:
            rows = db.execute(query, (value,) * query.count("?")).fetchall()
            if query.count("?") and rows and query.startswith("SELECT DISTINCT i.path"):
                answered.add(frozenset(Path(r[0]).stem.split(".")[0] for r in rows))
    assert {frozenset(expected)} == answered


def test_an_undecodable_file_name_is_stored_escaped(tmp_path: Path, gpl_report: Report) -> None:
    with open_store(tmp_path / "results.db") as store:
        assert store.add([gpl_report], "downloads/bad-\udcff-name.tar.zst")
        assert [s.path for s in store.installations()] == ["downloads/bad-\\udcff-name.tar.zst"]
