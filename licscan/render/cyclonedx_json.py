"""CycloneDX 1.6 JSON of a cyclonedx-python-lib Bom, without the library's quadratic steps
(for `cyclonedx_library.py`, the reference the tests hold licscan's own writer to).

`JsonV1Dot6(bom).output_as_string()` first runs `Bom.validate`, which registers every
component as a dependency by searching the list of dependencies for it, then
`BomRefDiscriminator`, which looks each bom-ref up in a list of the ones before it: both
quadratic in the number of components (minutes for 20,000 Python packages). licscan's Bom has
non-empty unique bom-refs and a complete, flat dependency graph by construction
(`flat_dependencies`); `encode` checks that in linear time, and the rules of `Bom.validate`
licscan relies on (every dependency ref names a component; a license expression stands alone),
then serializes as `generate` does: `Bom.as_json` with the 1.6 view, the `$schema`,
`bomFormat` and `specVersion` keys, 2-space indent, ASCII. `tests/render/test_cyclonedx_json.py`
checks that the bytes equal the library's own output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache

from cyclonedx.model.bom import Bom
from cyclonedx.model.bom_ref import BomRef
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.dependency import Dependency
from cyclonedx.model.license import LicenseExpression
from cyclonedx.schema.schema import SchemaVersion1Dot6

from licscan.render.cyclonedx import SCHEMA_URI, order_key
from licscan.render.cyclonedx import fail as _fail
from licscan.render.json_text import LazyList, indented_json


def flat_dependencies(
    components: Iterable[CdxComponent], edges: Sequence[tuple[CdxComponent, Sequence[CdxComponent]]]
) -> list[Dependency]:
    """One Dependency per component (the metadata component too), listing what it depends
    on: what the library's graph flattener makes of `register_dependency` calls, built in
    one pass. `edges` are (component, what it depends on), at most one entry per component."""
    depends = {id(source): targets for source, targets in edges}
    return [
        Dependency(
            ref=c.bom_ref, dependencies=[Dependency(ref=t.bom_ref) for t in depends.get(id(c), ())]
        )
        for c in components
    ]


def _component_order(c: CdxComponent) -> tuple[object, ...]:
    return order_key(str(c.type.value), c.group, c.name, c.version, c.bom_ref.value)


def set_components(bom: Bom, components: Iterable[CdxComponent]) -> None:
    """`bom.components = components`, in the same order, in n log n short-key comparisons.

    The setter sorts a set of them with `Component.__lt__`, which builds two tuples of every
    field of both components at each of its n log n comparisons (most of the time of a BOM of
    20,000 Python packages). The Bom's sorted set is given a key instead (`_component_order`):
    the same order, computed once per component. Its class is the library's own (SortedSet)."""
    bom._components = type(bom.components)(components, key=_component_order)


def set_dependencies(bom: Bom, dependencies: Iterable[Dependency]) -> None:
    """`bom.dependencies = dependencies`, keyed by ref like the components (a Dependency sorts
    by its ref first, and licscan lists each ref once: `check`)."""
    bom._dependencies = type(bom.dependencies)(dependencies, key=lambda d: str(d.ref))


def check(bom: Bom) -> None:
    """The rules of `Bom.validate` and `BomRefDiscriminator` licscan's Bom must meet, in
    linear time; an OutputError names the first one broken."""
    components = list(bom._get_all_components())
    refs: set[str] = set()
    for c in components:
        value = c.bom_ref.value
        if value is None or value in refs:
            raise _fail(f"bom-ref {value!r} of {c.name!r} is missing or not unique")
        refs.add(value)
        if len(c.licenses) > 1 and any(isinstance(x, LicenseExpression) for x in c.licenses):
            raise _fail(f"{c.name!r} has a license expression beside other licenses")
    listed: set[str] = set()
    for d in bom.dependencies:
        for ref in (d.ref, *(n.ref for n in d.dependencies)):
            if ref.value not in refs:
                raise _fail(f"a dependency names {ref.value!r}, which is no component")
        if d.ref.value in listed:
            raise _fail(f"{d.ref.value!r} is listed twice in the dependencies")
        listed.add(d.ref.value or "")
    if missing := refs - listed:
        raise _fail(f"{len(missing)} components are missing from the dependencies")


def encode(bom: Bom) -> bytes:
    """CycloneDX 1.6 JSON, 2-space indented, ASCII, with a trailing newline."""
    check(bom)
    data = json.loads(bom.as_json(view_=SchemaVersion1Dot6))  # type: ignore[attr-defined]
    data.update({"$schema": SCHEMA_URI, "bomFormat": "CycloneDX", "specVersion": "1.6"})
    return indented_json(data, ensure_ascii=True)


def _as_data(element: object) -> object:
    return json.loads(element.as_json(view_=SchemaVersion1Dot6))  # type: ignore[attr-defined]


@cache
def _key_order() -> tuple[str, ...]:
    """The top-level keys of the library's Bom JSON, in its order (from a Bom of one
    component that depends on nothing)."""
    probe = CdxComponent(name="probe", bom_ref="probe")
    bom = Bom(components=[probe])
    bom.dependencies = [Dependency(ref=probe.bom_ref)]
    return tuple(json.loads(bom.as_json(view_=SchemaVersion1Dot6)))  # type: ignore[attr-defined]


def encode_streamed(
    shell: Bom,
    refs: Sequence[str],
    components: Callable[[], Iterator[CdxComponent]],
    edges: Sequence[tuple[str, Sequence[str]]],
) -> bytes:
    """What `encode` writes for `shell` (its metadata) with `components` and the flat
    dependency graph of `edges` (bom-ref -> what it depends on) added, building each component
    only when it is written. `components()` gives them in the Bom's order, with the bom-refs
    `refs`; each is checked against both as it comes (the order strictly increasing)."""
    root = shell.metadata.component
    everyone = [root.bom_ref.value if root else None, *refs]
    known = {r for r in everyone if r}
    if len(known) != len(everyone):
        raise _fail("a bom-ref is missing or not unique")
    depends: dict[str, Sequence[str]] = {}
    for source, targets in edges:
        if unknown := next((r for r in (source, *targets) if r not in known), None):
            raise _fail(f"a dependency names {unknown!r}, which is no component")
        depends[source] = targets

    def each_component() -> Iterator[object]:
        last: tuple[object, ...] | None = None
        for ref, c in zip(refs, components(), strict=True):
            order = _component_order(c)
            if c.bom_ref.value != ref or (last is not None and not last < order):
                raise _fail(f"{c.name!r} is out of the Bom's order")
            if len(c.licenses) > 1 and any(isinstance(x, LicenseExpression) for x in c.licenses):
                raise _fail(f"{c.name!r} has a license expression beside other licenses")
            last = order
            yield _as_data(c)

    def each_dependency() -> Iterator[object]:
        for ref in sorted(known):
            deps = [Dependency(ref=BomRef(t)) for t in depends.get(ref, ())]
            yield _as_data(Dependency(ref=BomRef(ref), dependencies=deps))

    head = _as_data(shell)
    assert isinstance(head, dict)
    parts: dict[str, object] = {"dependencies": LazyList(len(known), each_dependency)}
    if refs:  # the library leaves empty lists out
        parts["components"] = LazyList(len(refs), each_component)
    data = {k: parts[k] if k in parts else head[k] for k in _key_order() if k in parts or k in head}
    data.update({k: v for k, v in head.items() if k not in data})
    data.update({"$schema": SCHEMA_URI, "bomFormat": "CycloneDX", "specVersion": "1.6"})
    return indented_json(data, ensure_ascii=True)
