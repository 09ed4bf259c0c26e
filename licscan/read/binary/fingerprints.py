"""The library fingerprints of `data/fingerprints.json`, as typed rules.

Each family has presence evidence (byte strings found by the stream matcher, and/or symbols a
binary defines, read from its headers), version rules (bounded regexes with one group) and a
few rules of how families relate (`requires_version`, `suppressed_by`). JSON strings there are
byte strings: code points 0-255, one byte each.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from licscan.errors import InputError
from licscan.resources import data_dir

SCHEMA = 1


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


@dataclass(frozen=True)
class VersionRule:
    """How a fingerprint's version is read from the bytes near its strings."""

    regex: bytes  # exactly one capturing group, bounded length
    encoding: str = "latin-1"  # "utf-16-le" for PE version resources
    hint: bool = False  # a version prefix ("3.11") that filters the candidates
    anchor: bytes | None = None  # a cheap regex every match contains (speed only)


@dataclass(frozen=True)
class Fingerprint:
    """A library recognised in binaries by its strings or symbols (data/fingerprints.json)."""

    id: str
    name: str
    spdx: str
    strings: tuple[bytes, ...] = ()
    min_strings: int = 0
    in_code: bool = False  # the strings are machine code: searched in executable sections too
    symbols: tuple[str, ...] = ()
    min_symbols: int = 2
    versions: tuple[VersionRule, ...] = ()
    version_candidate: bytes | None = None  # filter over bare version-shaped strings
    requires_version: bytes | None = None  # reported only if the version read matches
    suppressed_by: tuple[str, ...] = ()
    license_by_version: tuple[tuple[str, str], ...] = ()  # (version regex, SPDX expression)
    copyleft: bool = False

    def license_for(self, version: str | None) -> str:
        """The family's SPDX expression, for this version when the license changed."""
        spdx = self.spdx
        for pattern, expression in self.license_by_version:
            if version is not None and re.match(pattern, version):
                spdx = expression
        return spdx


def parse_fingerprints(raw: Any, source: str = "fingerprints") -> tuple[Fingerprint, ...]:
    """Fingerprints from the parsed JSON document; a malformed one raises InputError."""
    try:
        if raw["schema"] != SCHEMA:
            raise InputError(f"{source}: schema {raw['schema']!r}, licscan reads {SCHEMA}")
        return tuple(_family(entry) for entry in raw["families"])
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise InputError(f"{source} is malformed: {type(exc).__name__}: {exc}") from exc


def _family(entry: dict[str, Any]) -> Fingerprint:
    evidence = entry.get("evidence", {})
    strings = tuple(_bytes(s) for s in evidence.get("strings", []))
    rules = tuple(
        VersionRule(
            _bytes(rule["regex"]),
            rule.get("encoding", "latin-1"),
            rule.get("role") == "hint",
            _bytes(rule["anchor"]) if rule.get("anchor") else None,
        )
        for rule in entry.get("version", [])
    )
    for rule in rules:
        if re.compile(rule.regex).groups != 1:
            raise ValueError(f"{entry['id']}: version regex needs exactly one group")
    candidate, required = entry.get("version_candidate"), entry.get("requires_version")
    return Fingerprint(
        id=entry["id"],
        name=entry["name"],
        spdx=entry["spdx"],
        strings=strings,
        min_strings=int(evidence.get("min_strings", min(2, len(strings)))),
        in_code=bool(evidence.get("in_code", False)),
        symbols=tuple(evidence.get("symbols", [])),
        min_symbols=int(evidence.get("min_symbols", 2)),
        versions=rules,
        version_candidate=_bytes(candidate) if candidate else None,
        requires_version=_bytes(required) if required else None,
        suppressed_by=tuple(entry.get("suppressed_by", [])),
        license_by_version=tuple(
            (rule["version"], rule["spdx"]) for rule in entry.get("license_by_version", [])
        ),
        copyleft=bool(entry.get("copyleft", False)),
    )


def fingerprints_path() -> Path:
    return data_dir() / "fingerprints.json"


@cache
def load_fingerprints(path: Path | None = None) -> tuple[Fingerprint, ...]:
    """The bundled fingerprints (or those of `path`), read once."""
    where = path or fingerprints_path()
    try:
        raw = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the fingerprints {where}: {exc}") from exc
    return parse_fingerprints(raw, str(where))
