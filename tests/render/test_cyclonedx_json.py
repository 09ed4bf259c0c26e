"""licscan's CycloneDX encoding (render/cyclonedx_json.py) against the library's own output.

licscan builds the Bom's sorted sets with a key and writes the JSON without the library's
quadratic `Bom.validate` / `BomRefDiscriminator`: the bytes must stay those the library
writes (`JsonV1Dot6.output_as_string`) for the same facts, and a Bom that breaks the rules
`check` stands in for is refused."""

from __future__ import annotations

import dataclasses
import weakref
from typing import Any

import pytest
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression
from cyclonedx.output.json import JsonV1Dot6

from licscan.errors import OutputError
from licscan.model import Component, Report
from licscan.render import cyclonedx, cyclonedx_library
from licscan.render.context import RenderContext
from licscan.render.cyclonedx_json import check, encode, flat_dependencies, set_components


def _library_bytes(report: Report, context: RenderContext) -> bytes:
    """The same Bom built the library's way: components through the setter, dependencies
    through `register_dependency`, output through `JsonV1Dot6`."""
    bom = cyclonedx_library.build_bom(report, context)
    components = list(bom.components)
    fresh = Bom(serial_number=bom.serial_number, metadata=bom.metadata, components=components)
    top = {d.ref.value: d for d in bom.dependencies}
    by_ref = {c.bom_ref.value: c for c in [bom.metadata.component, *components] if c}
    for ref, dependency in sorted(top.items(), key=lambda kv: str(kv[0])):
        targets = [by_ref[d.ref.value] for d in dependency.dependencies]
        if targets:
            fresh.register_dependency(by_ref[ref], targets)
    text = JsonV1Dot6(fresh).output_as_string(indent=2)
    return (text.rstrip("\n") + "\n").encode("utf-8")


@pytest.mark.parametrize("which", ["gpl_report", "clean_report", "waived_report"])
def test_bytes_equal_the_library_output(which: str, request: pytest.FixtureRequest) -> None:
    report: Report = request.getfixturevalue(which)
    context = RenderContext.for_report(report, "1.0")
    mine = cyclonedx.render(report, context)
    assert mine == _library_bytes(report, context)
    assert b'"dependsOn"' in mine


def test_keyed_components_keep_the_library_order(clean_report: Report) -> None:
    bom = cyclonedx_library.build_bom(clean_report, RenderContext.for_report(clean_report, "1.0"))
    components = list(bom.components)
    reordered = Bom()
    set_components(reordered, reversed(components))
    assert list(reordered.components) == list(Bom(components=components[::-1]).components)
    assert [c.bom_ref.value for c in reordered.components] == [c.bom_ref.value for c in components]


def _bom(*components: CdxComponent) -> Bom:
    bom = Bom()
    set_components(bom, components)
    return bom


def test_check_refuses_a_duplicate_bom_ref() -> None:
    bom = _bom(CdxComponent(name="a", bom_ref="x"), CdxComponent(name="b", bom_ref="x"))
    with pytest.raises(OutputError, match="not unique"):
        check(bom)


def test_check_refuses_a_dependency_on_no_component() -> None:
    a, b = CdxComponent(name="a", bom_ref="a"), CdxComponent(name="b", bom_ref="b")
    bom = _bom(a)
    bom.dependencies = flat_dependencies([a], [(a, [b])])
    with pytest.raises(OutputError, match="'b', which is no component"):
        check(bom)


def test_check_refuses_a_component_missing_from_the_dependencies() -> None:
    a, b = CdxComponent(name="a", bom_ref="a"), CdxComponent(name="b", bom_ref="b")
    bom = _bom(a, b)
    bom.dependencies = flat_dependencies([a], [])
    with pytest.raises(OutputError, match="1 components are missing"):
        check(bom)


def test_check_refuses_an_expression_beside_other_licenses() -> None:
    a = CdxComponent(
        name="a",
        bom_ref="a",
        licenses=[LicenseExpression("MIT OR Apache-2.0"), DisjunctiveLicense(id="MIT")],
    )
    bom = _bom(a)
    bom.dependencies = flat_dependencies([a], [])
    with pytest.raises(OutputError, match="license expression beside"):
        encode(bom)


def test_no_components_writes_what_the_library_writes(clean_report: Report) -> None:
    inventory = dataclasses.replace(clean_report.inventory, components=())
    report = Report(inventory, clean_report.verdict)
    context = RenderContext.for_report(report, "1.0")
    mine = cyclonedx.render(report, context)
    assert mine == _library_bytes(report, context)
    assert b'"components"' not in mine.split(b'"metadata"')[0]


class _Tracked(dict[str, Any]):  # a dict that can be weakly referenced
    pass


def test_render_holds_one_component_at_a_time(
    clean_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    alive: list[int] = []
    built = cyclonedx._component

    def counted(c: Component, report: Report) -> dict[str, Any]:
        component = _Tracked(built(c, report))
        alive.append(1)
        weakref.finalize(component, alive.pop)
        assert len(alive) <= 2, "components are dropped once written"
        return component

    monkeypatch.setattr(cyclonedx, "_component", counted)
    assert cyclonedx.render(clean_report, RenderContext.for_report(clean_report, "1.0"))
    assert not alive


def test_library_render_holds_one_component_at_a_time(
    clean_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    alive: list[int] = []
    built = cyclonedx_library._component

    def counted(c: Component, report: Report) -> CdxComponent:
        component = built(c, report)
        alive.append(1)
        weakref.finalize(component, alive.pop)
        assert len(alive) <= 2, "components are dropped once written"
        return component

    monkeypatch.setattr(cyclonedx_library, "_component", counted)
    assert cyclonedx_library.render(clean_report, RenderContext.for_report(clean_report, "1.0"))
