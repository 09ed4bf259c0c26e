"""The results store (`--db FILE`): every input's inventory, findings and verdict in SQLite.

One row per input in `inputs`, keyed by the SHA-256 of its bytes (what resuming a batch
skips on), its installations with their verdict and full JSON document, their components,
the SPDX ids of each component's declared and concluded license, and the findings; indexes
answer "which archives contain component X / license Y / finding Z". The tables are in
`store_schema.py` and documented, with example queries, in `data/store-schema.md`.

Each input is written in one transaction: a batch that stops halfway leaves whole inputs
only. A file that is not a licscan store (not SQLite, another application's database, a
newer schema) raises `InputError` before anything is written to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from licscan.errors import InputError, OutputError
from licscan.model import ReleaseInfo, ReleaseSource, Report
from licscan.render import store_schema as sql
from licscan.render.context import RenderContext
from licscan.spdx import expression_ids
from licscan.version import __version__

SOURCES = ("declared", "concluded")


@dataclass(frozen=True)
class StoredInstallation:
    """One installation as the store has it: where it came from and its verdict."""

    path: str  # the input as it was given when it was stored
    sha256: str  # of the input's bytes
    file_name: str
    root: str
    python_version: str | None
    target_triple: str | None
    release: str | None
    verdict: str  # "pass", "needs review" or "fails policy"
    passed: bool
    policy: str
    id: int  # installations.id: the key of its components, licenses and findings
    release_earliest: str | None = None  # the release range when the tag is not known
    release_latest: str | None = None
    release_source: str = "unknown"  # how the release was told: "file name", "contents"

    def release_info(self) -> ReleaseInfo:
        """The release as the inventory had it (without its detail)."""
        try:
            source = ReleaseSource(self.release_source)
        except ValueError:
            source = ReleaseSource.UNKNOWN
        return ReleaseInfo(source, self.release, self.release_earliest, self.release_latest)

    @property
    def release_text(self) -> str:
        """The tag, else the range (as the summary table shows a release)."""
        if self.release:
            return self.release
        if self.release_earliest or self.release_latest:
            return f"{self.release_earliest or '?'}..{self.release_latest or '?'}"
        return "unknown"


def _installation(row: sqlite3.Row) -> StoredInstallation:
    return StoredInstallation(
        path=row[0],
        sha256=row[1],
        file_name=row[2],
        root=row[3],
        python_version=row[4],
        target_triple=row[5],
        release=row[6],
        verdict=row[7],
        passed=bool(row[8]),
        policy=row[9],
        id=row[10],
        release_earliest=row[11],
        release_latest=row[12],
        release_source=row[13],
    )


def file_sha256(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of a regular file's bytes (what the scan would record), None for anything
    else (a folder's digest is of its contents, known only after the scan)."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as stream:
            return _digest(stream)
    except OSError:
        return None  # the scan says what is wrong with it


def _file_size(path: str | os.PathLike[str]) -> int | None:
    try:
        return os.stat(path).st_size if os.path.isfile(path) else None
    except OSError:
        return None


def _document(report: Report) -> str:
    """The JSON document, compact (as a JSON Lines line): the C encoder, a few ms."""
    from licscan.render.json import to_document

    context = RenderContext.for_report(report, __version__)
    return json.dumps(to_document(report, context), ensure_ascii=False, separators=(",", ":"))


_license_ids = lru_cache(maxsize=4096)(expression_ids)  # the same expressions recur


def _clean(row: tuple[object, ...]) -> tuple[object, ...]:
    """Text SQLite can store: a lone surrogate (an undecodable file name) as a \\udcxx escape."""
    return tuple(
        v.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(v, str) else v
        for v in row
    )


def _digest(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while block := stream.read(1 << 20):
        digest.update(block)
    return digest.hexdigest()


class Store:
    """An open store. `open_store` opens or creates one; use it as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._close = weakref.finalize(self, connection.close)  # at exit too: WAL checkpoint

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._close()

    # ------------------------------------------------------------------------- reading

    def _select(self, query: str, *params: object) -> tuple[StoredInstallation, ...]:
        try:
            return tuple(_installation(row) for row in self._db.execute(query, params))
        except sqlite3.Error as error:
            raise InputError(f"{self.path}: the store cannot be read: {error}") from None

    def lookup(self, sha256: str) -> tuple[StoredInstallation, ...]:
        """The installations stored for the input with this SHA-256; () when it is not."""
        return self._select(sql.BY_INPUT, sha256)

    def lookup_file(
        self, path: str | os.PathLike[str]
    ) -> tuple[str | None, tuple[StoredInstallation, ...]]:
        """(sha256, stored installations) of a regular file, hashed only when an input of its
        size is stored (a file of another size cannot be one); (None, ()) for anything else."""
        size = _file_size(path)
        if size is None:
            return None, ()
        try:
            known = self._db.execute("SELECT 1 FROM inputs WHERE size = ? LIMIT 1", (size,))
            same_size = known.fetchone() is not None
        except sqlite3.Error as error:
            raise InputError(f"{self.path}: the store cannot be read: {error}") from None
        if not same_size:
            return None, ()
        sha256 = file_sha256(path)
        return sha256, self.lookup(sha256) if sha256 else ()

    def installations(self) -> tuple[StoredInstallation, ...]:
        """Every stored installation, by input path and root."""
        return self._select(sql.INSTALLATIONS + sql.ORDER)

    def with_component(self, name: str) -> tuple[StoredInstallation, ...]:
        """The installations holding a component with this key or name (any case)."""
        return self._select(sql.WITH_COMPONENT, name, name)

    def with_license(
        self, license_id: str, *, declared: bool = True, concluded: bool = True
    ) -> tuple[StoredInstallation, ...]:
        """The installations where a component's declared and/or concluded license names
        this SPDX id (any case)."""
        sources = [s for s, wanted in zip(SOURCES, (declared, concluded), strict=True) if wanted]
        if not sources:
            return ()
        marks = ", ".join("?" * len(sources))
        return self._select(sql.WITH_LICENSE.format(sources=marks), license_id, *sources)

    def with_finding(
        self, finding_id: str, *, waived: bool = False
    ) -> tuple[StoredInstallation, ...]:
        """The installations with an open finding of this id (also waived ones if asked)."""
        return self._select(sql.WITH_FINDING.format(waived="0, 1" if waived else "0"), finding_id)

    def document(self, installation: StoredInstallation | int) -> bytes:
        """The installation's full JSON document (`licscan/inventory/1`), as `--json` wrote it."""
        key = installation if isinstance(installation, int) else installation.id
        try:
            row = self._db.execute("SELECT document FROM installations WHERE id = ?", (key,))
            found = row.fetchone()
        except sqlite3.Error as error:
            raise InputError(f"{self.path}: the store cannot be read: {error}") from None
        if found is None:
            raise InputError(f"{self.path}: no installation {key} in the store")
        return str(found[0]).encode("utf-8")

    # ------------------------------------------------------------------------- writing

    def add(self, reports: Sequence[Report], path: str) -> bool:
        """Store one input's reports (one per installation) in one transaction; False (and
        nothing written) when an input with its SHA-256 is already stored."""
        if not reports:
            return False
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                added = self._insert(reports, path)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT" if added else "ROLLBACK")
        except sqlite3.Error as error:
            raise OutputError(f"{self.path}: cannot write to the store: {error}") from None
        return added

    def _put(self, statement: str, row: tuple[object, ...]) -> sqlite3.Cursor:
        return self._db.execute(statement, _clean(row))

    def _put_many(self, statement: str, rows: list[tuple[object, ...]]) -> None:
        self._db.executemany(statement, [_clean(r) for r in rows])

    def _insert(self, reports: Sequence[Report], path: str) -> bool:
        first = reports[0].inventory.archive
        known = self._db.execute("SELECT 1 FROM inputs WHERE sha256 = ?", (first.sha256,))
        if known.fetchone() is not None:
            return False
        contexts = [RenderContext.for_report(r, __version__) for r in reports]
        latest = max(contexts, key=lambda c: c.timestamp)
        cursor = self._put(
            "INSERT INTO inputs (sha256, path, file_name, container, size, scanned_at, "
            "scanned_at_source, licscan_version, policy, installation_count, passed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                first.sha256,
                path,
                first.file_name,
                first.container.value,
                first.size,
                latest.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                latest.timestamp_source,
                __version__,
                reports[0].verdict.policy_name,
                len(reports),
                int(all(r.verdict.passed for r in reports)),
            ),
        )
        input_id = cursor.lastrowid
        for report in reports:
            self._insert_installation(input_id, report)
        return True

    def _insert_installation(self, input_id: int | None, report: Report) -> None:
        from licscan.render import identifiers  # packageurl: loaded only when storing

        inventory, verdict = report.inventory, report.verdict
        cursor = self._put(
            "INSERT INTO installations (input_id, root, flavor, python_version, target_triple, "
            "release, release_earliest, release_latest, release_source, verdict, passed, "
            "policy, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                input_id,
                inventory.archive.root,
                inventory.flavor.value,
                inventory.python_version,
                inventory.target_triple,
                inventory.release.tag,
                inventory.release.earliest,
                inventory.release.latest,
                inventory.release.source.value,
                verdict.status,
                int(verdict.passed),
                verdict.policy_name,
                _document(report),
            ),
        )
        installation_id = cursor.lastrowid
        self._put_many(
            "INSERT INTO components (installation_id, key, name, kind, version, shipping, "
            "declared, concluded, purl, cpe) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    installation_id,
                    c.key,
                    c.name,
                    c.kind.value,
                    c.version,
                    c.shipping.value,
                    c.declared.expression,
                    c.concluded.expression,
                    identifiers.component_purl(c),
                    identifiers.cpe(c),
                )
                for c in inventory.components
            ],
        )
        self._put_many(
            "INSERT OR IGNORE INTO licenses (installation_id, component_key, source, license_id) "
            "VALUES (?, ?, ?, ?)",
            [
                (installation_id, c.key, source, license_id)
                for c in inventory.components
                for source, lic in zip(SOURCES, (c.declared, c.concluded), strict=True)
                for license_id in _license_ids(lic.expression)
            ],
        )
        self._put_many(
            "INSERT INTO findings (installation_id, seq, finding_id, severity, component_key, "
            "license, message, violates_policy, waived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    installation_id,
                    seq,
                    f.id,
                    f.severity.value,
                    f.component,
                    f.license,
                    f.message,
                    int(f.violates_policy),
                    int(f.waiver is not None),
                )
                for seq, f in enumerate(verdict.findings, start=1)
            ],
        )


def open_store(path: str | os.PathLike[str]) -> Store:
    """Open the store at `path`, creating it (and its tables) when the file does not exist or
    is empty. Not a licscan store, or a newer schema: `InputError`; unwritable: `OutputError`."""
    where = Path(path)
    if where.is_dir():
        raise OutputError(f"{where} is a folder: --db takes the store's file name")
    sql.check_header(where)
    try:
        connection = sqlite3.connect(where, timeout=30, isolation_level=None)
    except sqlite3.Error as error:
        raise OutputError(f"{where}: cannot open the store: {error}") from None
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        sql.prepare(connection, where)
        # A commit per input: WAL with synchronous=NORMAL makes it cheap (no fsync each
        # time; a power cut may lose the last inputs, never part of one). A file system
        # without WAL support keeps the rollback journal.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as error:
        connection.close()
        raise OutputError(f"{where}: cannot open the store: {error}") from None
    except BaseException:
        connection.close()
        raise
    return Store(connection, where)
