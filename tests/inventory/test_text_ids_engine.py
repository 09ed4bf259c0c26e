"""The engine started warm from `data/engine-states.json` answers as it does cold."""

from __future__ import annotations

import hashlib
import importlib
import json
from pathlib import Path
from typing import Any

import licenseclassifier
import pytest

from licscan.cli.example import members as example_members
from licscan.inventory import text_ids_build, text_ids_engine
from licscan.inventory.license_files import decode
from licscan.resources import data_dir
from tests.builders import SHARED, stand_in
from tests.builders.layout import mit_text
from tests.generated import generated_for

ENGINE = importlib.import_module("licenseclassifier._engine.scan")
MATCHER = importlib.import_module("licenseclassifier._engine.matcher")

CURRENT = generated_for(
    "data/engine-states.json",
    json.loads((data_dir() / "engine-states.json").read_text("utf-8"))["licenseclassifier"],
    licenseclassifier.__version__,
    "python -m licscan.inventory.text_ids_build (README: Text identification)",
)


def _sha() -> str:
    return hashlib.sha256(ENGINE._ARTIFACT_PATH.read_bytes()).hexdigest()


def _cold() -> Any:
    scanner = ENGINE._load_prebuilt()
    assert scanner is not None
    assert not scanner.re._info  # nothing computed yet
    return scanner


def _warm() -> Any:
    scanner = _cold()
    text_ids_engine.warm(scanner, text_ids_engine.saved_states(_sha()))
    return scanner


def _texts() -> list[str]:
    """Every shared text, the bundled example's, the test builders' stand-ins, and variants."""
    texts = list(text_ids_build.texts_of(SHARED).values())
    texts += [
        t for n, b in sorted(example_members().items()) if "LICENSE" in n and (t := decode(b))
    ]
    texts += [mit_text("pip").decode(), mit_text("setuptools").decode()]
    texts.append(
        stand_in(
            "python/install/lib/python3.11/site-packages/pip-24.1.2.dist-info/AUTHORS.txt"
        ).decode()
    )
    real = texts[0]
    texts += [
        "Copyright (c) 2024 Someone\n\n" + real,
        real[: len(real) // 2],
        "MIT License\n\n" + mit_text("x").decode(),
        "",
        "just words, no license at all",
    ]
    return texts


def _answer(coverage: Any) -> tuple[float, list[tuple[str, int, int, bool]]]:
    return coverage.percent, [(m.id, m.start, m.end, m.is_url) for m in coverage.match]


def test_the_warm_engine_answers_as_the_cold_one_on_every_text() -> None:
    cold, warm = _cold(), _warm()
    assert warm.re._info  # the saved states were taken
    for text in _texts():
        assert _answer(warm.scan(text)) == _answer(cold.scan(text)), text[:80]


@CURRENT
def test_the_saved_start_state_is_what_the_engine_computes() -> None:
    warm = _warm()
    start = tuple(warm.re._start_state)
    saved = warm.re._info[start]
    fresh = _cold().re._state_info(start)
    assert saved == fresh
    assert list(saved[2].items()) == list(fresh[2].items())  # same transitions, same order


@CURRENT
def test_the_warm_start_state_is_not_recomputed(monkeypatch: pytest.MonkeyPatch) -> None:
    warm = _warm()
    calls: list[int] = []
    real = MATCHER._nfa_next

    def counted(*args: Any) -> Any:
        calls.append(len(args[2]))
        return real(*args)

    monkeypatch.setattr(MATCHER, "_nfa_next", counted)
    text = (SHARED / "licenses-20260814" / "LICENSE.expat.txt").read_text(encoding="utf-8")
    assert warm.scan(text).match
    start_size = len(warm.re._start_state)
    assert calls and start_size not in calls  # only the small states after the start
    cold = _cold()
    calls.clear()
    cold.scan(text)
    assert start_size in calls  # cold, the start state's transitions are computed


@CURRENT
def test_the_states_file_is_fresh() -> None:
    written = (data_dir() / text_ids_engine.ENGINE_STATES).read_text(encoding="utf-8")
    assert written == text_ids_build.render_states(text_ids_engine.cold_states()), (
        "data/engine-states.json is stale: rerun python -m licscan.inventory.text_ids_build"
    )
    assert json.loads(written)["states"]


def test_states_are_not_used_for_other_bytes_or_another_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert text_ids_engine.saved_states(_sha())
    assert text_ids_engine.saved_states("0" * 64) == {}
    monkeypatch.setattr(licenseclassifier, "__version__", "0.0.1", raising=False)
    assert text_ids_engine.saved_states(_sha()) == {}


def test_an_unreadable_states_file_leaves_the_engine_cold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / text_ids_engine.ENGINE_STATES).write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(text_ids_engine, "data_dir", lambda: tmp_path)
    assert text_ids_engine.saved_states(_sha()) == {}
    scanner = _cold()
    text_ids_engine.warm(scanner, {})
    assert not scanner.re._info


@CURRENT
def test_preload_installs_a_warm_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ENGINE, "_builtin", None)
    text_ids_engine.preload.cache_clear()
    try:
        text_ids_engine.preload()
        scanner = ENGINE._builtin
        assert scanner is not None
        assert tuple(scanner.re._start_state) in scanner.re._info
        text = mit_text("pip").decode()
        assert _answer(scanner.scan(text)) == _answer(_cold().scan(text))
    finally:
        text_ids_engine.preload.cache_clear()


def test_the_declared_version_is_the_packages() -> None:
    assert text_ids_engine.declared_version() == licenseclassifier.__version__


def test_without_a_version_literal_the_package_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "licenseclassifier")
    monkeypatch.setattr(text_ids_engine, "declared_version", lambda: None)
    assert text_ids_engine.classifier_version() == licenseclassifier.__version__
    assert "licenseclassifier" in sys.modules  # imported to ask it


@CURRENT
def test_a_scan_whose_texts_are_all_known_imports_no_classifier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from licscan.cli import example as bundled

    probe = (
        "import sys, licscan; licscan.scan(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.startswith('licenseclassifier')))"
    )

    def imported(archive: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(archive)], capture_output=True, text=True, check=True
        )
        return done.stdout

    known = tmp_path / "known.tar.zst"
    known.write_bytes(bundled.archive_bytes())
    assert imported(known).strip() == "[]"
    files = bundled.members()
    files["python/licenses/LICENSE.zlib.txt"] = mit_text("someone new")
    monkeypatch.setattr(bundled, "members", lambda: files)
    unknown = tmp_path / "unknown.tar.zst"
    unknown.write_bytes(bundled.archive_bytes())
    assert "licenseclassifier._engine.scan" in imported(unknown)  # a new text: the engine
