"""CycloneDX 1.6 JSON (format `cyclonedx`), built with cyclonedx-python-lib.

The distribution is `metadata.component`; every inventory component is a component that it
depends on. Licenses: in CycloneDX 1.6 `licenses` is either a list of `license` objects or
exactly one `expression`, and an expression cannot carry text. So `licenses` holds the single
concluded SPDX expression (acknowledgement `declared` when licscan changed nothing, `concluded`
when it corrected the declaration; the declaration is then in `licscan:declared-license`), and
the license texts found in the archive go to `evidence.licenses` as named licenses (the file's
path) with the text attached base64-encoded: they are what licscan observed. PBS facts are
`licscan:*` properties. Output is byte-deterministic: the serial number is a uuid5 of the archive
sha256, bom-refs are the component keys, the timestamp comes from the RenderContext.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable

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

from licscan.judge import dispute_sources
from licscan.model import (
    Component,
    ComponentKind,
    FileStatus,
    Finding,
    Inventory,
    Report,
    Shipping,
)
from licscan.render import copyrights, identifiers
from licscan.render.context import RenderContext, code_seen, dispute_text, text_identity
from licscan.render.cyclonedx_json import (
    encode_streamed,
    flat_dependencies,
    order_key,
    set_components,
    set_dependencies,
)

# Namespace for the BOM serial number: uuid5(this, archive sha256).
SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://licscan.invalid/cyclonedx")
DISTRIBUTION_REF = "distribution"

_TYPES = {
    ComponentKind.INTERPRETER: ComponentType.APPLICATION,
    ComponentKind.LIBRARY: ComponentType.LIBRARY,
    ComponentKind.RUNTIME: ComponentType.LIBRARY,
    ComponentKind.PYTHON_PACKAGE: ComponentType.LIBRARY,
}
_SCOPES = {
    Shipping.BUNDLED: ComponentScope.REQUIRED,
    Shipping.SYSTEM: ComponentScope.REQUIRED,  # needed at run time, not distributed
    Shipping.BUILD_ONLY: ComponentScope.EXCLUDED,  # not reachable from the installation
}


def component_ref(component: Component) -> str:
    return f"component:{component.key}"


def _props(pairs: Iterable[tuple[str, str | None]]) -> list[Property]:
    return [Property(name=f"licscan:{name}", value=value) for name, value in pairs if value]


def _component_properties(
    c: Component, findings: tuple[Finding, ...], notices: copyrights.Copyright
) -> list[Property]:
    pairs: list[tuple[str, str | None]] = [
        ("component-key", c.key),
        ("kind", c.kind.value),
        ("shipping", c.shipping.value),
        ("declared-license", c.declared.expression),
        ("version-source", c.version_source),
        ("copyright-source", notices.source),
    ]
    pairs += [("extension", e) for e in c.used_by]
    pairs += [("link-kind", k.value) for k in c.link_kinds]
    for u in c.links:
        pairs.append(("variant", f"{u.extension}/{u.variant}"))
        pairs.append(("link", f"{u.extension}/{u.variant}: {u.link or '-'} ({u.kind.value})"))
        pairs.append(("container", u.container or "interpreter-core"))
    pairs += [("correction", f"{k.code}: {k.declared} -> {k.concluded}") for k in c.corrections]
    pairs += [("license-file", f"{f.path} ({f.status.value})") for f in c.license_files]
    pairs += [
        ("license-text", f"{f.path}: {text_identity(f)}") for f in c.license_files if f.identified
    ]
    pairs += [("code-found-in", line) for line in code_seen(c)]
    pairs += [("member-sha256", f"{h.sha256}  {h.member}") for h in c.hashes]
    pairs += [("finding", f.id) for f in findings if f.component == c.key]
    pairs += [("note", n) for n in c.notes]
    for d in c.disputes:
        pairs.append(("license-dispute", dispute_text(d, sources=False)))
        pairs += [("license-dispute-source", line) for line in dispute_sources(d)]
    return _props(pairs)


def _licenses(c: Component) -> list[LicenseExpression]:
    if c.concluded.expression in ("NOASSERTION", "NONE"):
        return []  # CycloneDX has no "unknown"; the declaration stays in the properties
    corrected = c.corrections or c.concluded.expression != c.declared.expression
    ack = LicenseAcknowledgement.CONCLUDED if corrected else LicenseAcknowledgement.DECLARED
    return [LicenseExpression(c.concluded.expression, acknowledgement=ack)]


def _evidence(c: Component, inventory: Inventory) -> ComponentEvidence | None:
    observed = []
    for f in c.license_files:
        text = inventory.license_texts.get(f.path)
        if f.status is not FileStatus.PRESENT or text is None:
            continue
        content = base64.b64encode(text.encode("utf-8", "backslashreplace")).decode("ascii")
        attached = AttachedText(
            content=content, encoding=Encoding.BASE_64, content_type="text/plain"
        )
        observed.append(DisjunctiveLicense(name=f.path, text=attached))
    return ComponentEvidence(licenses=observed) if observed else None


def _component(c: Component, report: Report) -> CdxComponent:
    notices = copyrights.copyright_of(c, report.inventory)
    return CdxComponent(
        name=c.name,
        version=identifiers.version_label(c, report.inventory),
        supplier=OrganizationalEntity(name=identifiers.supplier(c)),
        copyright=notices.text if notices.known else None,
        cpe=identifiers.cpe(c),
        type=_TYPES[c.kind],
        scope=_SCOPES[c.shipping],
        bom_ref=component_ref(c),
        purl=PackageURL.from_string(identifiers.component_purl(c)),
        licenses=_licenses(c),
        hashes=sorted(
            {HashType(alg=HashAlgorithm.SHA_256, content=h.sha256) for h in c.hashes},
            key=lambda h: h.content,
        ),
        properties=_component_properties(c, report.verdict.findings, notices),
        evidence=_evidence(c, report.inventory),
    )


def origin_properties(inv: Inventory) -> list[tuple[str, str | None]]:
    """What held the installation: the image (reference, digest, platform, layers) or the
    executable and the offset of the archive inside it."""
    origin = inv.archive.origin
    if origin is None:
        return []
    if origin.offset is not None:
        return [
            ("executable", origin.name),
            ("embedded-offset", str(origin.offset)),
            ("embedded-compression", origin.compression),
        ]
    return [
        ("image", origin.name),
        ("image-digest", origin.digest),
        ("image-platform", origin.platform),
        *((f"image-layer-{la.index}", la.digest) for la in origin.layers),
    ]


def _distribution(report: Report) -> CdxComponent:
    inv, verdict = report.inventory, report.verdict
    rel = inv.release
    pairs: list[tuple[str, str | None]] = [
        ("target-triple", inv.target_triple),
        ("build-options", inv.build_options),
        ("flavor", inv.flavor.value),
        ("release", rel.tag),
        ("release-earliest", rel.earliest),
        ("release-latest", rel.latest),
        ("release-source", rel.source.value),
        ("archive", inv.archive.file_name),
        ("container", inv.archive.container.value),
        ("archive-size", str(inv.archive.size)),
        *origin_properties(inv),
        ("verdict", verdict.status),
        ("policy", verdict.policy_name),
    ]
    pairs += [("system-library", f"{s.name} ({s.kind.value})") for s in inv.system_libraries]
    pairs += [
        ("build-only-variant", f"{b.extension}/{b.variant}: {b.license.expression}")
        for b in inv.build_only_variants
    ]
    pairs += [("finding", f.id) for f in verdict.findings if f.component is None]
    pairs += [
        ("violation", f"{f.id} ({f.component or 'distribution'})") for f in verdict.violations
    ]
    pairs += [("note", n) for n in inv.notes]
    notices = copyrights.distribution_copyright(inv)
    pairs.append(("copyright-source", notices.source))
    return CdxComponent(
        name="cpython",
        copyright=notices.text if notices.known else None,
        version=inv.python_version or "unknown",
        type=ComponentType.PLATFORM,
        supplier=OrganizationalEntity(name=identifiers.distribution_supplier()),
        purl=PackageURL.from_string(identifiers.distribution_purl(inv)),
        bom_ref=DISTRIBUTION_REF,
        description=f"python-build-standalone {inv.flavor.value} archive {inv.archive.file_name}",
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=inv.archive.sha256)],
        properties=_props(pairs),
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
    """The report as a cyclonedx-python-lib Bom (what `render` writes, one component at a
    time)."""
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


def dependency_edges(model: tuple[Component, ...]) -> list[tuple[str, list[str]]]:
    """bom-ref -> the bom-refs it depends on. The distribution depends on CPython and on what
    nothing links (Python packages, runtimes, build-only code); CPython depends on every
    library its installed extensions link (bundled or the system's) and on the copies in its
    own source tree. How it links each one is the component's `licscan:link-kind` property
    (SPDX says it as STATIC_LINK / DYNAMIC_LINK)."""
    interpreter = next((c for c in model if c.kind is ComponentKind.INTERPRETER), None)
    if interpreter is None:
        return [(DISTRIBUTION_REF, [component_ref(c) for c in model])]
    linked = [
        c
        for c in model
        if c is not interpreter
        and (
            c.key.startswith("cpython/")
            or c.shipping is Shipping.SYSTEM
            or any(u.variant == "default" for u in c.links)
        )
    ]
    linked_keys = {c.key for c in linked}
    top = [component_ref(c) for c in model if c.key not in linked_keys]
    return [
        (DISTRIBUTION_REF, top),
        (component_ref(interpreter), [component_ref(c) for c in linked]),
    ]


def render(report: Report, context: RenderContext) -> bytes:
    """CycloneDX 1.6 JSON, UTF-8, with a trailing newline: the components built, written and
    dropped one at a time, in the order of the Bom's sorted set (`build_bom` holds them all)."""
    inv = report.inventory
    model = sorted(
        inv.components,
        key=lambda c: order_key(
            _TYPES[c.kind], None, c.name, identifiers.version_label(c, inv), component_ref(c)
        ),
    )
    return encode_streamed(
        _shell(report, context),
        [component_ref(c) for c in model],
        lambda: (_component(c, report) for c in model),
        dependency_edges(inv.components),
    )
