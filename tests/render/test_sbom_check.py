"""`licscan validate` / `api.check_sbom`: the official libraries' verdict on SBOM files.

Each document licscan writes is valid by its library; a document broken in a way its format
forbids is not, and the problem the library names is reported; what is not an SBOM is an
input error (exit 2)."""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licscan import api
from licscan.cli.app import app
from licscan.errors import InputError
from licscan.model import Report
from tests.golden.scenarios import SCENARIOS

SBOMS = {"cyclonedx": "CycloneDX 1.6", "spdx": "SPDX-2.3", "spdx3": "SPDX 3.0.1"}


@cache
def _report(name: str) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        return api.report(SCENARIOS[name](Path(tmp)))


@pytest.mark.parametrize("scenario", ["macos-3.11.9-real", "linux-3.8-20200216"])
@pytest.mark.parametrize("fmt", sorted(SBOMS))
def test_every_sbom_licscan_writes_is_valid_by_its_library(scenario: str, fmt: str) -> None:
    verdict = api.check_sbom(api.render_report(_report(scenario), fmt))
    assert verdict.format == SBOMS[fmt]
    assert verdict.valid, verdict.problems


def _broken(fmt: str) -> bytes:
    document = json.loads(api.render_report(_report("macos-3.11.9-real"), fmt))
    if fmt == "cyclonedx":
        del document["components"][0]["name"]  # required by the schema
    elif fmt == "spdx":
        document["packages"][0]["SPDXID"] = "not an SPDX id"
    else:
        graph = document["@graph"]
        package = next(e for e in graph if e.get("type") == "software_Package")
        package["software_primaryPurpose"] = "no_such_purpose"  # not in the vocabulary
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("fmt", "named"),
    [
        ("cyclonedx", "$.components[0]: 'name' is a required property"),
        ("spdx", "not an SPDX id"),
        ("spdx3", "no_such_purpose"),
    ],
)
def test_a_broken_sbom_is_invalid_and_the_problem_is_named(fmt: str, named: str) -> None:
    verdict = api.check_sbom(_broken(fmt))
    assert not verdict.valid
    assert any(named in problem for problem in verdict.problems), verdict.problems


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x28\xb5\x2f\xfd not json", "is not JSON"),
        (b'{"licscan": "licscan/report/1"}', "neither CycloneDX JSON"),
        (b"[1, 2]", "neither CycloneDX JSON"),
    ],
)
def test_what_is_not_an_sbom_is_an_input_error(data: bytes, says: str) -> None:
    with pytest.raises(InputError, match=says):
        api.check_sbom(data, "x.json")


def test_the_command_exits_0_1_2_and_lists_each_file(tmp_path: Path) -> None:
    good = tmp_path / "good.cdx.json"
    good.write_bytes(api.render_report(_report("macos-3.11.9-real"), "cyclonedx"))
    bad = tmp_path / "bad.spdx.json"
    bad.write_bytes(_broken("spdx"))
    runner = CliRunner()
    clean = runner.invoke(app, ["validate", str(good)])
    assert clean.exit_code == 0, clean.output
    assert "good.cdx.json: valid CycloneDX 1.6 (cyclonedx-python-lib" in clean.output
    found = runner.invoke(app, ["validate", "--json", str(good), str(bad)])
    assert found.exit_code == 1, found.output
    lines = [json.loads(line) for line in found.output.splitlines()]
    assert [(line["file"], line["valid"]) for line in lines] == [
        (str(good), True),
        (str(bad), False),
    ]
    assert lines[1]["library"].startswith("spdx-tools ")
    missing = runner.invoke(app, ["validate", str(tmp_path / "nothing.json")])
    assert missing.exit_code == 2
    assert "cannot read" in missing.output
