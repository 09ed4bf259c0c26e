"""Safety limits for every input kind, and the one-line error that names the limit broken.

`Limits` is one frozen object handed down the pipeline: the tar and directory readers check
member sizes (declared sizes and sparse maps before reading), counts, header and name sizes
and the time spent; the PYTHON.json parser checks its size, depth and string lengths; the
binary inspectors check header counts and offsets. It is general on purpose: any reader of a
new input kind (URLs, images, executables) takes the same object and calls `exceeded`.

Limits are set from the command line (`--limit NAME=VALUE`, repeatable) and the policy file
(`[limits]` table); `Limits.with_values` reads either. Sizes take K, M, G, T suffixes (powers
of 1024: `64M`, `8GiB`), `seconds` takes s, m, h.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace

from licscan.errors import ArchiveError, InputError, UsageError

_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40, "p": 2**50}
_TIME_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}
_NUMBER = re.compile(r"\s*([0-9][0-9_]*(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*")
_MAX_VALUE = 2**62  # any limit above this is no limit at all: refuse a typo


@dataclass(frozen=True)
class Limits:
    """What one input may hold. Raise a limit for an unusual input you trust."""

    member_bytes: int = 8 * 2**30  # one member's (declared or sparse real) size
    total_bytes: int = 64 * 2**30  # uncompressed bytes in all (declared, then counted)
    members: int = 250_000  # member count (each costs ~450 bytes of memory)
    kept_bytes: int = 8 * 2**20  # a kept member (license text, metadata) larger: not kept
    kept_total_bytes: int = 32 * 2**20  # all kept members; the ones past it: not kept
    name_bytes: int = 64 * 2**10  # a member name or link target (GNU long name, pax path)
    header_bytes: int = 8 * 2**20  # one pax extended header, GNU long name or sparse map
    json_bytes: int = 8 * 2**20  # PYTHON.json (a kept member: within kept_bytes too)
    json_depth: int = 64  # nesting of arrays and objects in PYTHON.json
    string_bytes: int = 1 * 2**20  # one string in PYTHON.json, one dist-info METADATA header
    binary_headers: int = 10_000  # sections, segments, load commands, imports of a binary
    packages: int = 5_000  # dist-info folders (Python packages) in one installation
    seconds: float = 900.0  # time to read one input

    def with_values(self, values: Mapping[str, object], where: str = "--limit") -> Limits:
        """These limits with some replaced: names as in the table (or with - for _), values
        as numbers or strings with a unit. UsageError (naming `where`) on a bad name/value."""
        known = {f.name: f for f in fields(self)}
        changes: dict[str, object] = {}
        for raw_name, raw_value in values.items():
            name = str(raw_name).strip().replace("-", "_").lower()
            if name not in known:
                shown = str(raw_name)[:60]
                raise UsageError(
                    f"{where}: unknown limit {shown!r}; the limits are {', '.join(known)}"
                )
            changes[name] = parse_value(name, raw_value, where)
        return replace(self, **changes)  # type: ignore[arg-type]

    def with_options(self, options: Iterable[str]) -> Limits:
        """These limits with `--limit NAME=VALUE` options applied, in order."""
        values: dict[str, object] = {}
        for option in options:
            name, sep, value = option.partition("=")
            if not sep or not name.strip():
                raise UsageError(
                    f"--limit takes NAME=VALUE (e.g. --limit member_bytes=16G), got {option[:60]!r}"
                )
            values[name] = value
        return self.with_values(values)

    def deadline(self) -> Deadline:
        return Deadline(self.seconds)


def parse_value(name: str, value: object, where: str) -> int | float:
    """A limit's value: an int, or a string like `64M` (`seconds`: a number, `30s`, `5m`)."""
    if isinstance(value, bool):
        raise UsageError(f"{where}: limit {name} must be a number, got a boolean")
    if isinstance(value, (int, float)):
        number: float = value
    elif isinstance(value, str):
        match = _NUMBER.fullmatch(value)
        unit = match.group(2).lower() if match else ""
        table: Mapping[str, float] = _TIME_UNITS if name == "seconds" else _size_units()
        if match is None or unit not in table:
            raise UsageError(
                f"{where}: limit {name} must be a number"
                + (" of seconds (30, 30s, 5m, 1h)" if name == "seconds" else " (1000, 64M, 8G)")
                + f", got {value[:40]!r}"
            )
        number = float(match.group(1).replace("_", "")) * table[unit]
    else:
        raise UsageError(f"{where}: limit {name} must be a number, got {type(value).__name__}")
    if not 0 < number <= _MAX_VALUE:
        raise UsageError(f"{where}: limit {name} must be above 0 and at most 2**62")
    return float(number) if name == "seconds" else int(number)


def _size_units() -> dict[str, float]:
    units: dict[str, float] = {}
    for letter, factor in _UNITS.items():
        units[letter] = factor
        if letter:
            units[letter + "b"] = units[letter + "ib"] = factor
    units["b"] = 1
    return units


DEFAULT_LIMITS = Limits()


def size_text(value: int) -> str:
    """A byte count for a message: `64 MiB`, `80 GiB`, `1,234 bytes` (always short)."""
    if value < 2**10:
        return f"{value:,} bytes"
    for unit, factor in (("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if value >= factor:
            return f"{value / factor:.4g} {unit}"
    return f"{value / 2**10:.4g} KiB"


def limit_text(name: str, value: float) -> str:
    if name == "seconds":
        return f"{value:g} s"
    if name.endswith("_bytes"):
        return size_text(int(value))
    return f"{int(value):,}"


def exceeded(
    source: str,
    what: str,
    name: str,
    limits: Limits,
    error: type[InputError] = ArchiveError,
) -> InputError:
    """The error for `what` (a short description, never a whole value) breaking limit `name`."""
    value = getattr(limits, name)
    return error(
        f"{_short(source)}: {what}: over the limit {name} = {limit_text(name, value)}; if you "
        f"trust the input, raise it with --limit {name}=N (or in the policy's [limits] table)"
    )


def _short(text: str, keep: int = 300) -> str:
    return text if len(text) <= keep else f"{text[: keep // 2]}...{text[-keep // 2 :]}"


class Deadline:
    """The time one input may take to read; `check()` raises once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self._end

    def check(self, source: str, limits: Limits) -> None:
        if time.monotonic() > self._end:
            raise exceeded(source, "reading it takes longer", "seconds", limits)
