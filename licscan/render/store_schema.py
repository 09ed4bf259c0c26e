"""The tables of the results store (`--db FILE`, `render/store.py`), as SQL, and the checks
that a file is a store of this schema (`check_header`, `prepare`).

`data/store-schema.md` documents every table and column, with example queries; keep the two
in step, and raise `VERSION` (with a migration note there) whenever a table changes shape.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from licscan.errors import InputError, OutputError
from licscan.version import __version__

SCHEMA = "licscan-store"
SQLITE_HEADER = b"SQLite format 3\x00"
VERSION = 1

# The tables hang off `inputs` (one row per input: its bytes' sha256 is the resume key);
# every other table cascades from it, so deleting an input deletes all it brought.
TABLES = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE inputs (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    file_name TEXT NOT NULL,
    container TEXT NOT NULL,
    size INTEGER NOT NULL,
    scanned_at TEXT NOT NULL,
    scanned_at_source TEXT NOT NULL,
    licscan_version TEXT NOT NULL,
    policy TEXT NOT NULL,
    installation_count INTEGER NOT NULL,
    passed INTEGER NOT NULL CHECK (passed IN (0, 1))
);

CREATE TABLE installations (
    id INTEGER PRIMARY KEY,
    input_id INTEGER NOT NULL REFERENCES inputs (id) ON DELETE CASCADE,
    root TEXT NOT NULL,
    flavor TEXT NOT NULL,
    python_version TEXT,
    target_triple TEXT,
    release TEXT,
    release_earliest TEXT,
    release_latest TEXT,
    release_source TEXT NOT NULL,
    verdict TEXT NOT NULL,
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    policy TEXT NOT NULL,
    document TEXT NOT NULL,
    UNIQUE (input_id, root)
);

CREATE TABLE components (
    installation_id INTEGER NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    version TEXT,
    shipping TEXT NOT NULL,
    declared TEXT NOT NULL,
    concluded TEXT NOT NULL,
    purl TEXT NOT NULL,
    cpe TEXT,
    PRIMARY KEY (installation_id, key)
) WITHOUT ROWID;

CREATE TABLE licenses (
    installation_id INTEGER NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    component_key TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('declared', 'concluded')),
    license_id TEXT NOT NULL,
    PRIMARY KEY (installation_id, component_key, source, license_id)
) WITHOUT ROWID;

CREATE TABLE findings (
    installation_id INTEGER NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    finding_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    component_key TEXT,
    license TEXT,
    message TEXT NOT NULL,
    violates_policy INTEGER NOT NULL CHECK (violates_policy IN (0, 1)),
    waived INTEGER NOT NULL CHECK (waived IN (0, 1)),
    PRIMARY KEY (installation_id, seq)
) WITHOUT ROWID;

CREATE INDEX inputs_by_size ON inputs (size);
CREATE INDEX installations_by_input ON installations (input_id);
CREATE INDEX components_by_key ON components (key COLLATE NOCASE, installation_id);
CREATE INDEX components_by_name ON components (name COLLATE NOCASE, installation_id);
CREATE INDEX licenses_by_id ON licenses (license_id COLLATE NOCASE, installation_id);
CREATE INDEX findings_by_id ON findings (finding_id, installation_id);
"""

# What every query answering "which archives ..." returns, one row per installation.
INSTALLATION_COLUMNS = """
    inputs.path, inputs.sha256, inputs.file_name, installations.root,
    installations.python_version, installations.target_triple, installations.release,
    installations.verdict, installations.passed, installations.policy, installations.id,
    installations.release_earliest, installations.release_latest, installations.release_source
"""

INSTALLATIONS = f"""
SELECT {INSTALLATION_COLUMNS}
FROM installations JOIN inputs ON inputs.id = installations.input_id
"""

ORDER = " ORDER BY inputs.path, installations.root"

BY_INPUT = INSTALLATIONS + " WHERE inputs.sha256 = ?" + ORDER

WITH_COMPONENT = (
    INSTALLATIONS
    + """ WHERE installations.id IN (
    SELECT installation_id FROM components
    WHERE key = ? COLLATE NOCASE OR name = ? COLLATE NOCASE
)"""
    + ORDER
)

WITH_LICENSE = (
    INSTALLATIONS
    + """ WHERE installations.id IN (
    SELECT installation_id FROM licenses
    WHERE license_id = ? COLLATE NOCASE AND source IN ({sources})
)"""
    + ORDER
)

WITH_FINDING = (
    INSTALLATIONS
    + """ WHERE installations.id IN (
    SELECT installation_id FROM findings WHERE finding_id = ? AND waived IN ({waived})
)"""
    + ORDER
)


def check_header(where: Path) -> None:
    """Refuse a file that is there and is not SQLite, before SQLite opens (and might write) it."""
    try:
        with open(where, "rb") as stream:
            head = stream.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"{where}: cannot open the store: {error.strerror}") from None
    if head and head != SQLITE_HEADER:
        raise InputError(
            f"{where} is not a licscan store (not an SQLite database): give a new file name "
            "or a store an earlier --db wrote"
        )


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(r[0]) for r in rows}


def prepare(connection: sqlite3.Connection, where: Path) -> None:
    """Create the tables in a new store, or check an existing store's schema and version."""
    try:
        tables = _tables(connection)
        meta = dict(connection.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
    except sqlite3.DatabaseError as error:
        raise InputError(f"{where} is not a licscan store (unreadable: {error})") from None
    if not tables:
        try:
            _create(connection)
        except sqlite3.Error as error:
            raise OutputError(f"{where}: cannot create the store: {error}") from None
        return
    if meta.get("schema") != SCHEMA:
        raise InputError(
            f"{where} is an SQLite database but not a licscan store (no {SCHEMA} meta "
            "row): give a new file name"
        )
    version = str(meta.get("version", ""))
    if not version.isdigit() or int(version) > VERSION:
        raise InputError(
            f"{where} is a licscan store of schema version {version or '?'}; this licscan "
            f"({__version__}) reads version {VERSION}: use a newer licscan or a new file"
        )


def _create(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(TABLES):
            connection.execute(statement)
        connection.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("schema", SCHEMA),
                ("version", str(VERSION)),
                ("created_by", f"licscan {__version__}"),
            ],
        )
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _statements(script: str) -> Iterator[str]:
    return (s.strip() for s in script.split(";") if s.strip())
