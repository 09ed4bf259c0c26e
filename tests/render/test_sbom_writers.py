"""licscan's own SBOM writers against the official libraries, byte for byte.

`licscan report` writes SPDX 2.3 (`spdx.py`) without spdx-tools and CycloneDX (`cyclonedx.py`)
without cyclonedx-python-lib, for speed (each library costs more to import and use once than
reading a real-size archive). The libraries still build and validate the same documents here:
`spdx_library.render` builds it with spdx-tools (beartype checking every value), runs
spdx-tools' full validation and writes it with spdx-tools' converter; `cyclonedx_library.render`
builds the Bom with the library and writes it through its serializer, and the library's strict
JSON schema validator reads the result; `spdx3_library.render` builds the SPDX 3 elements with
the SPDX project's bindings (which check every property's type and count while writing) and
encodes them with their serializer, and their deserializer reads the result back. Each pair must
give the same bytes on every golden scenario and on random inventories (names, versions, keys,
license expressions, hashes, shipping of real components redrawn).
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from functools import cache
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licscan import api
from licscan.model import (
    Component,
    ComponentKind,
    License,
    MemberHash,
    Report,
    Shipping,
)
from licscan.render import cyclonedx, spdx, spdx3, spdx3_library, spdx_common
from licscan.render.context import RenderContext
from licscan.spdx import licensing, licensing_lent
from tests.golden.scenarios import SCENARIOS

with licensing_lent():
    from licscan.render import cyclonedx_library, spdx_library


@cache
def _golden(name: str) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        return api.report(SCENARIOS[name](Path(tmp)))


def _context(report: Report) -> RenderContext:
    return RenderContext.for_report(report, "0.1.0")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_spdx_bytes_equal_spdx_tools_on_every_golden_scenario(name: str) -> None:
    report = _golden(name)
    mine = spdx.render(report, _context(report))
    assert mine == spdx_library.render(report, _context(report))  # validated by spdx-tools
    assert json.loads(mine)["packages"]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_cyclonedx_bytes_equal_the_library_on_every_golden_scenario(name: str) -> None:
    report = _golden(name)
    mine = cyclonedx.render(report, _context(report))
    assert mine == cyclonedx_library.render(report, _context(report))
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(mine.decode()) is None


def _read_back(document: bytes) -> int:
    """The bindings read the document; the number of its SpdxDocuments."""
    bindings = spdx3_library.spdx3
    objects = bindings.SHACLObjectSet()
    bindings.JSONLDDeserializer().deserialize_data(json.loads(document), objects)
    return len(list(objects.foreach_type(bindings.SpdxDocument)))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_spdx3_bytes_equal_the_bindings_on_every_golden_scenario(name: str) -> None:
    report = _golden(name)
    mine = spdx3.render(report, _context(report))
    assert mine == spdx3_library.render(report, _context(report))
    assert _read_back(mine) == 1


EXPRESSIONS = [
    "NOASSERTION",
    "NONE",
    "MIT",
    "mit",
    "Apache-2.0 WITH LLVM-exception",
    "LicenseRef-PBS-Public-Domain",
    "LicenseRef-PBS-Custom AND MIT",
    "BSD-3-Clause AND LicenseRef-PBS-Other",
    "GPL-2.0+",
    "MIT OR Apache-2.0",
    "(MIT OR Apache-2.0) AND Zlib",
    "GPL-3.0-or-later WITH GCC-exception-3.1 AND LGPL-2.1-only",
    "CNRI-Python AND Python-2.0",
    "Sleepycat",
    "MIT AND",  # does not parse: NOASSERTION
]

_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
_KEY = st.text("abcXYZ09._-/+ é", min_size=1, max_size=10)
_LICENSES = st.sampled_from(EXPRESSIONS).map(lambda e: License(expression=e))
_HASH = st.builds(MemberHash, _TEXT, st.text("0123456789abcdef", min_size=64, max_size=64))


@st.composite
def _reports(draw: st.DrawFn) -> Report:
    base = _golden(draw(st.sampled_from(["example", "linux-3.9-20221220"])))
    pool = base.inventory.components
    components: list[Component] = []
    for _ in range(draw(st.integers(1, 8))):
        c = draw(st.sampled_from(pool))
        components.append(
            dataclasses.replace(
                c,
                key=draw(st.one_of(st.just(c.key), _KEY)),
                name=draw(st.one_of(st.just(c.name), _TEXT)),
                version=draw(st.one_of(st.none(), st.just(c.version), _TEXT)),
                kind=draw(st.sampled_from(ComponentKind)),
                shipping=draw(st.sampled_from(Shipping)),
                declared=draw(st.one_of(st.just(c.declared), _LICENSES)),
                concluded=draw(st.one_of(st.just(c.concluded), _LICENSES)),
                hashes=tuple(draw(st.lists(_HASH, max_size=3))),
            )
        )
    unique = {c.key: c for c in components}  # an inventory's keys are unique
    inventory = dataclasses.replace(base.inventory, components=tuple(unique.values()))
    return Report(inventory, base.verdict)


RANDOM = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RANDOM
@given(_reports())
def test_spdx_bytes_equal_spdx_tools_on_random_inventories(report: Report) -> None:
    context = _context(report)
    assert spdx.render(report, context) == spdx_library.render(report, context)


@RANDOM
@given(_reports())
def test_cyclonedx_bytes_equal_the_library_on_random_inventories(report: Report) -> None:
    context = _context(report)
    mine = cyclonedx.render(report, context)
    assert mine == cyclonedx_library.render(report, context)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(mine.decode()) is None


@RANDOM
@given(_reports())
def test_spdx3_bytes_equal_the_bindings_on_random_inventories(report: Report) -> None:
    context = _context(report)
    mine = spdx3.render(report, context)
    assert mine == spdx3_library.render(report, context)
    assert _read_back(mine) == 1


@pytest.mark.parametrize(
    "expression",
    [
        *EXPRESSIONS[2:],
        "(A AND B)",
        "(MIT AND Zlib) AND (Apache-2.0 WITH LLVM-exception)",
        "X11 AND (CNRI-Python AND Python-2.0)",
        "((MIT))",
        "MIT  AND Zlib",
        "(MIT",
    ],
)
def test_expressions_are_written_as_the_parser_writes_them(expression: str) -> None:
    try:
        expected: str | None = str(licensing().parse(expression))
    except Exception:
        expected = None
    assert spdx_common.spdx_text(expression) == expected
    expected_refs = (
        []
        if expected is None
        else [k for k in licensing().license_keys(expression) if k.startswith("LicenseRef-")]
    )
    assert spdx_common.license_refs(expression) == expected_refs


def test_a_broken_rule_is_refused(clean_report: Report) -> None:
    data = spdx.document(clean_report, _context(clean_report))
    data["relationships"].append(
        {
            "spdxElementId": "SPDXRef-Nowhere",
            "relatedSpdxElement": spdx_common.DISTRIBUTION_ID,
            "relationshipType": "CONTAINS",
        }
    )
    data["packages"].append(dict(data["packages"][-1]))
    found = list(spdx.problems(data))
    assert any("SPDXRef-Nowhere" in m for m in found)
    assert any("duplicate SPDXID" in m for m in found)


_IMPORTS = """
import sys
import licscan
from licscan.cli.example import write_example
from pathlib import Path
report = licscan.report(write_example(Path(sys.argv[1])))
before = set(sys.modules)
licscan.render_report(report, sys.argv[2])
print(" ".join(sorted(set(sys.modules) - before)))
"""


@pytest.mark.parametrize(
    ("fmt", "absent"),
    [
        ("cyclonedx", {"cyclonedx", "py_serializable", "spdx_tools", "beartype"}),
        ("spdx", {"spdx_tools", "beartype", "cyclonedx", "spdx_python_model"}),
        ("spdx3", {"spdx_tools", "beartype", "cyclonedx", "spdx_python_model", "rdflib"}),
    ],
)
def test_writing_a_format_imports_no_sbom_library(
    fmt: str, absent: set[str], tmp_path: Path
) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS, str(tmp_path), fmt],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(done.stdout.split())
    assert f"licscan.render.{fmt}" in modules  # measured in a process that had not loaded it
    loaded = {m.split(".")[0] for m in modules}
    assert not absent & loaded, absent & loaded


def test_suppliers_whose_names_share_an_id_get_distinct_organizations() -> None:
    base = _golden("example")
    package = next(c for c in base.inventory.components if c.kind is ComponentKind.PYTHON_PACKAGE)
    twins = tuple(
        dataclasses.replace(package, key=f"{package.key}-{n}", authors=(author,))
        for n, author in enumerate(["Jane Doe", "Jane-Doe"])
    )
    report = Report(dataclasses.replace(base.inventory, components=twins), base.verdict)
    context = _context(report)
    mine = spdx3.render(report, context)
    assert mine == spdx3_library.render(report, context)
    organizations = {
        e["name"]: e["spdxId"] for e in json.loads(mine)["@graph"] if e["type"] == "Organization"
    }
    assert organizations["Jane Doe"] != organizations["Jane-Doe"]
    assert organizations["Jane-Doe"].endswith("#Organization-Jane-Doe-2")
    assert _read_back(mine) == 1
