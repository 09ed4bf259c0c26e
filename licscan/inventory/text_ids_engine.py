"""licenseclassifier's engine, loaded fast and started warm.

The engine matches words with a DFA it builds lazily: each state's transitions are computed the
first time a text reaches it and kept in `MultiRE._info`. Its start state holds the first
instruction of every one of its ~420 license patterns (1,420 of them), so working out its
transitions costs 0.04-0.09 s of CPU: the first text of a process that begins like a license
pays that, later ones only the small states they reach.

`data/engine-states.json` holds those transitions as the engine computes them (its `_info`
entry for the start state), written by `python -m licscan.inventory.text_ids_build` for one
exact compiled scanner: licenseclassifier's version and the SHA-256 of its `scanner.bin.gz`.
They are put into the engine's memo only when the scanner loaded here is that one (same version,
same bytes), so every answer is the engine's own: the memo holds what the engine would compute
itself. Anything else (another version, other bytes, changed internals) leaves the engine cold.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import importlib.util
import json
import marshal
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from licscan.resources import data_dir

ENGINE_STATES = "engine-states.json"

State = tuple[int, ...]
Info = tuple[int, list[int], dict[int, State], State | None]


_VERSION_LITERAL = re.compile(r'^__version__ = "([^"\n]+)"$', re.MULTILINE)


def classifier_version() -> str:
    """licenseclassifier's `__version__`. A run whose texts are all in the tables needs nothing
    else of it, so while it is not imported the version is read from the literal its
    `__init__.py` declares it with (it says: the single source of truth); importing it costs
    5-10 ms of start-up. No single such literal: the package is imported and asked."""
    module = sys.modules.get("licenseclassifier")
    if module is None:
        declared = declared_version()
        if declared is not None:
            return declared
        module = importlib.import_module("licenseclassifier")
    return str(getattr(module, "__version__", ""))


@cache
def declared_version() -> str | None:
    """The version literal of licenseclassifier's `__init__.py`, found without importing it."""
    try:
        spec = importlib.util.find_spec("licenseclassifier")
        if spec is None or spec.origin is None:
            return None
        found = _VERSION_LITERAL.findall(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, ValueError, ImportError):
        return None
    return found[0] if len(found) == 1 else None


@cache  # once per process: a failed import is not cached by Python
def engine_scan_function() -> Callable[[str], Any] | None:
    """The engine's `scan` (text -> Coverage), loaded and warmed; None without the engine."""
    try:
        from licenseclassifier._engine import scan
    except ImportError:
        return None
    preload()
    return scan


@cache
def preload() -> None:
    """Load licenseclassifier's prebuilt scanner from one read of its file (the engine's own
    loader unpickles it from a gzip stream in 40,000 small reads: 0.03 s instead of 0.015 s),
    then warm it with `data/engine-states.json` if that was written for these very bytes.
    The engine's checks stay: a version it does not know, or any failure, leaves it to load
    (or rebuild) the scanner itself, cold."""
    try:
        engine = importlib.import_module("licenseclassifier._engine.scan")
        if engine._builtin is not None:
            return
        raw = engine._ARTIFACT_PATH.read_bytes()
        data = marshal.loads(gzip.decompress(raw))
        if data.get("version") != engine.FORMAT_VERSION:
            return
        scanner = engine.Scanner.from_compiled(data)
        warm(scanner, saved_states(hashlib.sha256(raw).hexdigest()))
        setattr(engine, "_builtin", scanner)  # noqa: B010
    except Exception:  # an optimisation only: the engine then loads as it always did
        return


def warm(scanner: Any, states: dict[State, Info]) -> None:
    """Put precomputed DFA states into the scanner's memo (only those it has not computed)."""
    memo = scanner.re._info
    if not isinstance(memo, dict):
        return
    for state, info in states.items():
        memo.setdefault(state, info)


def saved_states(artifact_sha256: str) -> dict[State, Info]:
    """The states of `data/engine-states.json` if it was written for this licenseclassifier
    version and a scanner artifact with this SHA-256; otherwise (or unreadable) none."""
    try:
        document = json.loads((data_dir() / ENGINE_STATES).read_text(encoding="utf-8"))
        if (
            not classifier_version()
            or document.get("licenseclassifier") != classifier_version()
            or document.get("scanner_sha256") != artifact_sha256
        ):
            return {}
        return dict(_decode(entry) for entry in document["states"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def cold_states() -> dict[str, Any]:
    """What `data/engine-states.json` holds, computed now from a scanner loaded by the engine
    itself (cold): the start state's memo entry, tied to the artifact's bytes and version."""
    engine = importlib.import_module("licenseclassifier._engine.scan")
    raw = engine._ARTIFACT_PATH.read_bytes()
    scanner = engine._load_prebuilt()
    if scanner is None:
        raise SystemExit("licenseclassifier has no usable prebuilt scanner: nothing to precompute")
    start = tuple(scanner.re._start_state)
    info = scanner.re._state_info(start)
    return {
        "about": "licenseclassifier's DFA transitions from its start state (MultiRE._info), "
        "for the scanner artifact named by its SHA-256; written by "
        "`python -m licscan.inventory.text_ids_build`",
        "licenseclassifier": classifier_version(),
        "scanner_sha256": hashlib.sha256(raw).hexdigest(),
        "states": [_encode(start, info)],
    }


def _encode(state: State, info: Info) -> list[Any]:
    match, words, transitions, any_next = info
    return [
        list(state),
        match,
        list(words),
        [[word, list(target)] for word, target in transitions.items()],  # the engine's order
        None if any_next is None else list(any_next),
    ]


def _decode(entry: list[Any]) -> tuple[State, Info]:
    state, match, words, transitions, any_next = entry
    info: Info = (
        int(match),
        [int(w) for w in words],
        {int(word): tuple(int(p) for p in target) for word, target in transitions},
        None if any_next is None else tuple(int(p) for p in any_next),
    )
    return tuple(int(p) for p in state), info
