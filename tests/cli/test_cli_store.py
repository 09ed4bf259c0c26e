"""`--db FILE` on scan, check and report: store a batch, resume it (README "Results store")."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.builders import era_archive, write_archive
from tests.cli.test_cli_inputs import CLEAN, GPL, run, summary_rows


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a passing and a failing archive."""
    folder = tmp_path_factory.mktemp("store-batch") / "batch"
    folder.mkdir()
    write_archive(era_archive("linux-3.10-20221220"), folder / CLEAN)
    write_archive(era_archive("linux-3.9-20221220"), folder / GPL)
    return folder


def stored_paths(db: Path, query: str, *params: str) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [Path(r[0]).name for r in connection.execute(query, params)]


def test_a_second_run_of_the_same_batch_skips_every_input_with_the_same_exit_code(
    batch: Path, tmp_path: Path
) -> None:
    db = tmp_path / "results.db"
    first = run("check", batch, "--db", db)
    assert first.returncode == 1, first.stderr  # the 3.9 archive fails the policy
    assert "already in" not in first.stderr
    second = run("check", batch, "--db", db)
    assert second.returncode == 1, second.stderr
    assert second.stderr.count("not scanned again") == 2
    assert "gpl-in-interpreter" not in second.stdout  # not judged again
    rows = summary_rows(second.stdout)
    assert [(Path(r[0]).name, r[2], r[4], r[5]) for r in rows] == [
        (CLEAN, "3.10.9", "20221220", "needs review (stored)"),
        (GPL, "3.9.16", "20221220", "fails policy (stored)"),
    ]
    assert stored_paths(db, "SELECT path FROM inputs ORDER BY path") == [CLEAN, GPL]


def test_the_documented_queries_find_the_archives(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "results.db"
    assert run("scan", batch, "--db", db).returncode == 0
    by_component = (
        "SELECT DISTINCT i.path FROM inputs i JOIN installations n ON n.input_id = i.id "
        "JOIN components c ON c.installation_id = n.id WHERE c.key = ? ORDER BY i.path"
    )
    assert stored_paths(db, by_component, "readline") == [GPL]
    assert stored_paths(db, by_component, "zlib") == [CLEAN, GPL]
    by_license = (
        "SELECT DISTINCT i.path FROM inputs i JOIN installations n ON n.input_id = i.id "
        "JOIN licenses l ON l.installation_id = n.id "
        "WHERE l.license_id = ? COLLATE NOCASE AND l.source = 'concluded' ORDER BY i.path"
    )
    assert stored_paths(db, by_license, "gpl-3.0-or-later") == [GPL]
    by_finding = (
        "SELECT DISTINCT i.path FROM inputs i JOIN installations n ON n.input_id = i.id "
        "JOIN findings f ON f.installation_id = n.id WHERE f.finding_id = ? ORDER BY i.path"
    )
    assert stored_paths(db, by_finding, "gpl-in-interpreter") == [GPL]
    # the same from `licscan db`
    assert db_names(db, "-c", "readline") == [GPL]
    assert db_names(db, "-l", "zlib") == [CLEAN, GPL]
    assert db_names(db, "--finding", "gpl-in-interpreter", "-c", "zlib") == [GPL]  # both
    assert db_names(db, "-c", "no-such-thing") == []
    table = run("db", db, "-l", "GPL-3.0-only")
    assert table.returncode == 0 and GPL in table.stdout and CLEAN not in table.stdout
    missing = run("db", tmp_path / "none.db")
    assert missing.returncode == 2 and "no licscan store there" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def db_names(db: Path, *options: str) -> list[str]:
    result = run("db", db, "--json", *options)
    assert result.returncode == 0, result.stderr
    return [Path(json.loads(line)["path"]).name for line in result.stdout.splitlines()]


def test_scan_json_of_a_stored_batch_gives_the_stored_documents(
    batch: Path, tmp_path: Path
) -> None:
    db = tmp_path / "results.db"
    first = run("scan", batch, "--json", "--db", db)
    again = run("scan", batch, "--json", "--db", db)
    assert first.returncode == again.returncode == 0
    assert len(first.stdout.splitlines()) == 2
    assert again.stdout == first.stdout  # the same JSON Lines, from the store


def test_a_bad_input_is_not_stored_and_is_tried_again(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "results.db"
    corrupt = tmp_path / "corrupt.tar.zst"
    data = (batch / CLEAN).read_bytes()
    corrupt.write_bytes(data[: len(data) // 2])
    first = run("check", batch / CLEAN, corrupt, "--db", db)
    assert first.returncode == 2
    assert stored_paths(db, "SELECT path FROM inputs") == [CLEAN]
    second = run("check", batch / CLEAN, corrupt, "--db", db)
    assert second.returncode == 2
    assert second.stderr.count("not scanned again") == 1 and "corrupt.tar.zst" in second.stderr


def test_a_copy_of_a_stored_archive_is_skipped_by_its_hash(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "results.db"
    assert run("check", batch / CLEAN, "--db", db).returncode == 0
    copy = tmp_path / "renamed.tar.zst"
    shutil.copyfile(batch / CLEAN, copy)
    result = run("check", copy, "--db", db)
    assert result.returncode == 0 and "not scanned again" in result.stderr
    assert f"stored as {batch / CLEAN}" in result.stderr.replace("\n", "")


@pytest.mark.parametrize("command", ["scan", "check", "report"])
def test_a_file_that_is_not_a_store_exits_2_with_one_line(
    command: str, batch: Path, tmp_path: Path
) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00\xff" * 3000)  # a header, then garbage
    before = db.read_bytes()
    result = run(command, batch / CLEAN, "--db", db, "-o", tmp_path / "out")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not a licscan store" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before and not (tmp_path / "out").exists()


def test_report_with_db_skips_stored_inputs_and_lists_them_in_the_index(
    batch: Path, tmp_path: Path
) -> None:
    db, out = tmp_path / "results.db", tmp_path / "reports"
    first = run("report", batch, "-o", out, "--db", db, "-f", "html")
    assert first.returncode == 0, first.stderr
    assert (out / "index.html").read_text().count(">review</a>") == 2
    shutil.rmtree(out)
    second = run("report", batch, "-o", out, "--db", db, "-f", "html")
    assert second.returncode == 0, second.stderr
    index = (out / "index.html").read_text()
    assert index.count("in the store (not rescanned)") == 2 and "fails policy" in index
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]  # nothing rescanned
    alone = run("report", batch / CLEAN, "--db", db)
    assert alone.returncode == 2 and "with --db: give the report folder" in alone.stderr
