"""Shared fixtures: where ../shared/pbs is, and archives built from it at test time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import SHARED


@pytest.fixture(scope="session")
def shared_pbs() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the tests need ../shared/pbs beside the repository (looked in {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def testbins() -> Path:
    """The cache of real binaries (tests/binaries/fetch.sh); skips without it, fails in CI."""
    from tests.read.binaries import require_cache

    return require_cache()
