"""The tables of the results store (`--db FILE`, `render/store.py`), as SQL.

`data/store-schema.md` documents every table and column, with example queries; keep the two
in step, and raise `VERSION` (with a migration note there) whenever a table changes shape.
"""

from __future__ import annotations

SCHEMA = "licscan-store"
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
    installations.release_earliest, installations.release_latest
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
