"""Every report format, byte for byte, against digests pinned before the layout moved (#7).

A change that alters an output on purpose regenerates `tests/golden/digests.json`
(`python -m tests.golden.scenarios --update`) and shows the change in review.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden.scenarios import DIGESTS, SCENARIOS, digests

PINNED: dict[str, dict[str, str]] = json.loads(DIGESTS.read_text())


def test_every_scenario_is_pinned() -> None:
    assert sorted(PINNED) == sorted(SCENARIOS)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_reports_are_byte_for_byte_unchanged(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert digests(name, tmp_path) == PINNED[name], (
        f"reports of {name} changed; if on purpose: python -m tests.golden.scenarios --update"
    )
