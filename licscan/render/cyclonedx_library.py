"""licscan's CycloneDX 1.6 Bom built with cyclonedx-python-lib: the reference `cyclonedx.py`'s
own writer is tested against, byte for byte (`tests/render/test_sbom_writers.py`,
`tests/render/test_cyclonedx_json.py`), on every golden scenario and on random inventories.

The same facts (`cyclonedx.py`'s pairs, choices and edges) as the library's model objects;
`render` writes them one component at a time through the library's own serializer
(`cyclonedx_json.encode_streamed`).
"""

from __future__ import annotations

import uuid

from cyclonedx.model import AttachedText, Encoding, HashAlgorithm, HashType, Property
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.component import ComponentScope, ComponentType
from cyclonedx.model.component_evidence import ComponentEvidence
from cyclonedx.model.contact import OrganizationalEntity
from cyclonedx.model.license import (
    DisjunctiveLicense,
    LicenseAcknowledgement,
    LicenseExpression,
)
from cyclonedx.model.lifecycle import LifecyclePhase, PredefinedLifecycle
from packageurl import PackageURL

from licscan.model import Component, Inventory, Report
from licscan.render import copyrights, identifiers
from licscan.render.context import RenderContext
from licscan.render.cyclonedx import (
    DISTRIBUTION_REF,
    SCOPES,
    SERIAL_NAMESPACE,
    TYPES,
    Pairs,
    component_pairs,
    component_ref,
    dependency_edges,
    distribution_description,
    distribution_pairs,
    evidence_texts,
    license_choice,
    order_key,
)
from licscan.render.cyclonedx_json import (
    encode_streamed,
    flat_dependencies,
    set_components,
    set_dependencies,
)


def _props(pairs: Pairs) -> list[Property]:
    return [Property(name=f"licscan:{name}", value=value) for name, value in pairs if value]


def _licenses(c: Component) -> list[LicenseExpression]:
    choice = license_choice(c)
    if choice is None:
        return []
    return [LicenseExpression(choice[0], acknowledgement=LicenseAcknowledgement(choice[1]))]


def _evidence(c: Component, inventory: Inventory) -> ComponentEvidence | None:
    observed = [
        DisjunctiveLicense(
            name=path,
            text=AttachedText(
                content=content, encoding=Encoding.BASE_64, content_type="text/plain"
            ),
        )
        for path, content in evidence_texts(c, inventory)
    ]
    return ComponentEvidence(licenses=observed) if observed else None


def _component(c: Component, report: Report) -> CdxComponent:
    notices = copyrights.copyright_of(c, report.inventory)
    return CdxComponent(
        name=c.name,
        version=identifiers.version_label(c, report.inventory),
        supplier=OrganizationalEntity(name=identifiers.supplier(c)),
        copyright=notices.text if notices.known else None,
        cpe=identifiers.cpe(c),
        type=ComponentType(TYPES[c.kind]),
        scope=ComponentScope(SCOPES[c.shipping]),
        bom_ref=component_ref(c),
        purl=PackageURL.from_string(identifiers.component_purl(c)),
        licenses=_licenses(c),
        hashes=sorted(
            {HashType(alg=HashAlgorithm.SHA_256, content=h.sha256) for h in c.hashes},
            key=lambda h: h.content,
        ),
        properties=_props(component_pairs(c, report.verdict.findings, notices)),
        evidence=_evidence(c, report.inventory),
    )


def _distribution(report: Report) -> CdxComponent:
    inv = report.inventory
    notices = copyrights.distribution_copyright(inv)
    return CdxComponent(
        name="cpython",
        copyright=notices.text if notices.known else None,
        version=inv.python_version or "unknown",
        type=ComponentType.PLATFORM,
        supplier=OrganizationalEntity(name=identifiers.distribution_supplier()),
        purl=PackageURL.from_string(identifiers.distribution_purl(inv)),
        bom_ref=DISTRIBUTION_REF,
        description=distribution_description(inv),
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=inv.archive.sha256)],
        properties=_props(distribution_pairs(report, notices)),
    )


def _shell(report: Report, context: RenderContext) -> Bom:
    """The Bom with its metadata (the distribution, the tool), without components."""
    inv = report.inventory
    tool = CdxComponent(
        name="licscan", version=context.tool_version, type=ComponentType.APPLICATION
    )
    metadata = BomMetaData(
        component=_distribution(report),
        timestamp=context.timestamp,
        lifecycles=[PredefinedLifecycle(LifecyclePhase.POST_BUILD)],
        supplier=OrganizationalEntity(name=identifiers.distribution_supplier()),
    )
    metadata.tools.components.add(tool)
    return Bom(serial_number=uuid.uuid5(SERIAL_NAMESPACE, inv.archive.identity), metadata=metadata)


def build_bom(report: Report, context: RenderContext) -> Bom:
    """The report as a cyclonedx-python-lib Bom."""
    bom = _shell(report, context)
    components = [_component(c, report) for c in report.inventory.components]
    set_components(bom, components)
    distribution = bom.metadata.component
    assert distribution is not None
    by_ref = {c.bom_ref.value: c for c in [distribution, *components]}
    edges = [
        (by_ref[source], [by_ref[t] for t in targets])
        for source, targets in dependency_edges(report.inventory.components)
    ]
    set_dependencies(bom, flat_dependencies([distribution, *components], edges))
    return bom


def render(report: Report, context: RenderContext) -> bytes:
    """CycloneDX 1.6 JSON through the library's serializer, one component at a time, in the
    order of the Bom's sorted set."""
    inv = report.inventory
    model = sorted(
        inv.components,
        key=lambda c: order_key(
            TYPES[c.kind], None, c.name, identifiers.version_label(c, inv), component_ref(c)
        ),
    )
    return encode_streamed(
        _shell(report, context),
        [component_ref(c) for c in model],
        lambda: (_component(c, report) for c in model),
        dependency_edges(inv.components),
    )
