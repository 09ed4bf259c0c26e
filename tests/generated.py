"""Tests of artefacts generated for one version of a dependency (compiled templates, the
text-identification tables, the SPDX License List layout) run only under that version.

Under another one licscan does not use the artefact and takes its slow path (each module
tests that fallback), so a dependency's new release must not break main: these tests skip,
naming the command that regenerates the artefact."""

from __future__ import annotations

import pytest


def generated_for(
    artefact: str, recorded: str, installed: str, command: str
) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        recorded != installed,
        reason=f"{artefact} was generated for {recorded}, {installed} is installed (licscan "
        f"takes the slow path): regenerate it with `{command}`",
    )
