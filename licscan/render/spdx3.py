"""SPDX 3.0.1 JSON-LD (format `spdx3`), built with the SPDX project's own Python bindings.

The same facts as the SPDX 2.3 document (`spdx.py`), in the SPDX 3 model, which can say what
SPDX 2.3 cannot: the SBOM type (`software_sbomType: analyzed`, CISA's "Analyzed" type: made from
the built archive as it ships). One `SpdxDocument` whose root is a `software_Sbom`, whose root is
the distribution (the archive) package. The distribution `contains` every component whose code
it carries; CPython `hasStaticLink` / `hasDynamicLink` / `dependsOn` each library by how its
installed extensions reach it, and `contains` the copies in its own source tree. Concluded and
declared licenses are `hasConcludedLicense` / `hasDeclaredLicense` relationships to license
expressions; every `LicenseRef-` used maps to a licensing text. `spdx-python-model` checks types
and required properties while writing; an invalid document is an OutputError. Deterministic:
element ids derive from the archive sha256 and component keys, `created` from the RenderContext.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from licscan.errors import OutputError
from licscan.model import Component, ComponentKind, FileStatus, LinkKind, Report, Shipping
from licscan.render import copyrights, identifiers, spdx3_json
from licscan.render.context import RenderContext, code_seen, dispute_text, identified_texts
from licscan.render.spdx_common import NAMESPACE_BASE, distribution_license, license_refs
from licscan.spdx import PUBLIC_DOMAIN_REF, PUBLIC_DOMAIN_TEXT

if TYPE_CHECKING:
    from spdx_python_model.bindings import v3_0_1 as spdx3
else:  # without rdflib, which the JSON-LD output does not use (0.07 s)
    from licscan.render.spdx3_bindings import load

    spdx3 = load()

_REL = spdx3.RelationshipType
_LICENSES = spdx3.expandedlicensing_IndividualLicensingInfo.NAMED_INDIVIDUALS
_NO_ASSERTION = _LICENSES["NoAssertionLicense"]
_NONE = _LICENSES["NoneLicense"]
_LINK = {
    LinkKind.STATIC: (_REL.hasStaticLink, None),
    LinkKind.DYNAMIC: (_REL.hasDynamicLink, "shared library shipped in the archive"),
    LinkKind.SYSTEM: (_REL.dependsOn, "not distributed: taken from the operating system"),
    LinkKind.FRAMEWORK: (_REL.dependsOn, "not distributed: an operating system framework"),
    LinkKind.UNSPECIFIED: (_REL.dependsOn, "linked; the metadata does not say how"),
}


def _given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that have a value (the bindings refuse None and empty lists)."""
    return {k: v for k, v in values.items() if v is not None and v != []}


class _Builder:
    """Collects the elements of one document, with ids under the document's namespace."""

    def __init__(self, report: Report, context: RenderContext) -> None:
        inv = report.inventory
        name = re.sub(r"[^A-Za-z0-9._+-]+", "-", inv.archive.file_name) or "distribution"
        self.base = f"{NAMESPACE_BASE}3/{name}-{inv.archive.identity}#"
        self.objects = spdx3.SHACLObjectSet()
        self.elements: list[spdx3.Element] = []
        self.agents: dict[str, spdx3.Organization] = {}
        self.licenses: dict[str, spdx3.simplelicensing_LicenseExpression] = {}
        self.texts: dict[str, str] = {}  # LicenseRef -> id of its licensing text
        self.relationships = 0  # Relationship elements added: the next one's number
        agent = spdx3.SoftwareAgent(spdxId=self.base + "SoftwareAgent-licscan", name="licscan")
        tool = spdx3.Tool(spdxId=self.base + "Tool-licscan", name=f"licscan-{context.tool_version}")
        self.creation = spdx3.CreationInfo(
            specVersion="3.0.1",
            created=context.timestamp.replace(microsecond=0),
            createdBy=[agent],
            createdUsing=[tool],
            comment="made by licscan from the built python-build-standalone archive",
        )
        for element in (agent, tool):
            element.creationInfo = self.creation
            self.add(element)

    def add(self, element: Any) -> Any:
        if isinstance(element, spdx3.Element):
            if element.creationInfo is None:
                element.creationInfo = self.creation
            self.elements.append(element)
        # into the set itself: `SHACLObjectSet.add` also indexes each object under every class
        # of the model it is an instance of (hundreds of isinstance calls), for lookups that
        # writing never does
        self.objects.objects.add(element)
        return element

    def supplier(self, name: str) -> spdx3.Organization:
        if name not in self.agents:
            local = re.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-")
            self.agents[name] = self.add(
                spdx3.Organization(spdxId=f"{self.base}Organization-{local}", name=name)
            )
        return self.agents[name]

    def license(self, expression: str) -> str | spdx3.simplelicensing_LicenseExpression:
        if expression == "NOASSERTION":
            return _NO_ASSERTION
        if expression == "NONE":
            return _NONE
        if expression not in self.licenses:
            n = len(self.licenses) + 1
            mapping = [
                spdx3.DictionaryEntry(key=ref, value=self.texts[ref])
                for ref in license_refs(expression)
                if ref in self.texts
            ]
            self.licenses[expression] = self.add(
                spdx3.simplelicensing_LicenseExpression(
                    **_given(
                        spdxId=f"{self.base}LicenseExpression-{n}",
                        simplelicensing_licenseExpression=expression,
                        simplelicensing_customIdToUri=mapping,
                    )
                )
            )
        return self.licenses[expression]

    def relate(
        self, source: Any, kind: str, targets: list[Any], comment: str | None = None
    ) -> None:
        self.relationships += 1
        n = self.relationships
        self.add(
            spdx3.Relationship(
                **_given(
                    spdxId=f"{self.base}Relationship-{n}",
                    from_=source,
                    to=targets,
                    relationshipType=kind,
                    comment=comment,
                )
            )
        )


def _local_id(component: Component, taken: set[str]) -> str:
    base = "Package-" + re.sub(r"[^A-Za-z0-9.-]+", "-", component.key).strip("-")
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _identifiers(c: Component) -> list[spdx3.ExternalIdentifier]:
    found = []
    if cpe := identifiers.cpe(c):
        found.append(
            spdx3.ExternalIdentifier(
                externalIdentifierType=spdx3.ExternalIdentifierType.cpe23, identifier=cpe
            )
        )
    return found


def _comment(c: Component, inventory: Any, notices: copyrights.Copyright) -> str:
    parts = [f"shipping: {c.shipping.value}", f"kind: {c.kind.value}"]
    if c.used_by:
        parts.append(f"used by: {', '.join(c.used_by)}")
    if seen := code_seen(c):
        parts.append(f"code found in: {', '.join(seen)}")
    if corrections := "; ".join(f"{k.code}: {k.message}" for k in c.corrections):
        parts.append(f"license corrections: {corrections}")
    if identified := identified_texts(c.license_files):
        parts.append(f"license texts identified as: {identified}")
    parts += [dispute_text(d) for d in c.disputes]
    parts.append(f"copyright: {notices.source}")
    if not c.version:
        parts.append(f"version unknown: {identifiers.version_label(c, inventory)} stands for it")
    return "; ".join(parts)


def _package(b: _Builder, c: Component, local: str, report: Report) -> spdx3.software_Package:
    inv = report.inventory
    notices = copyrights.copyright_of(c, inv)
    purpose = (
        spdx3.software_SoftwarePurpose.application
        if c.kind is ComponentKind.INTERPRETER
        else spdx3.software_SoftwarePurpose.library
    )
    package = b.add(
        spdx3.software_Package(
            **_given(
                spdxId=b.base + local,
                name=c.name,
                software_packageVersion=identifiers.version_label(c, inv),
                suppliedBy=b.supplier(identifiers.supplier(c)),
                software_copyrightText=notices.text,
                software_downloadLocation=identifiers.download_url(c),
                software_packageUrl=identifiers.component_purl(c),
                software_primaryPurpose=purpose,
                externalIdentifier=_identifiers(c),
                verifiedUsing=[
                    spdx3.Hash(algorithm=spdx3.HashAlgorithm.sha256, hashValue=h)
                    for h in sorted({h.sha256 for h in c.hashes})
                ],
                comment=_comment(c, inv, notices),
            )
        )
    )
    b.relate(package, _REL.hasConcludedLicense, [b.license(c.concluded.expression)])
    b.relate(package, _REL.hasDeclaredLicense, [b.license(c.declared.expression)])
    return package  # type: ignore[no-any-return]


def _distribution(b: _Builder, report: Report) -> spdx3.software_Package:
    inv = report.inventory
    notices = copyrights.distribution_copyright(inv)
    package = b.add(
        spdx3.software_Package(
            **_given(
                spdxId=b.base + "Distribution",
                name="cpython",
                summary=(
                    f"python-build-standalone {inv.flavor.value} archive for "
                    f"{inv.target_triple or 'an unknown target'} "
                    f"({inv.build_options or 'unknown options'}): {inv.archive.file_name}"
                ),
                software_packageVersion=inv.python_version or identifiers.UNKNOWN_VERSION,
                suppliedBy=b.supplier(identifiers.distribution_supplier()),
                software_copyrightText=notices.text,
                software_downloadLocation=identifiers.distribution_download(inv),
                software_packageUrl=identifiers.distribution_purl(inv),
                software_primaryPurpose=spdx3.software_SoftwarePurpose.archive,
                verifiedUsing=[
                    spdx3.Hash(algorithm=spdx3.HashAlgorithm.sha256, hashValue=inv.archive.sha256)
                ],
                comment=(
                    f"release: {inv.release.tag or inv.release.detail or 'unknown'} "
                    f"({inv.release.source.value}); licscan verdict: {report.verdict.status}; "
                    f"copyright: {notices.source}"
                    + (f"; found in {inv.archive.origin.describe()}" if inv.archive.origin else "")
                ),
            )
        )
    )
    b.relate(
        package,
        _REL.hasConcludedLicense,
        [b.license(distribution_license(inv))],
        "the licenses of all code the archive carries, joined; see each package for its own",
    )
    return package  # type: ignore[no-any-return]


def _licensing_texts(b: _Builder, report: Report) -> None:
    """One licensing text per LicenseRef used: the archive's texts of the components using it,
    or why licscan names it so."""
    inv = report.inventory
    users: dict[str, list[Component]] = {}
    for c in inv.components:  # each once: no comparison of components (deep, and quadratic)
        refs = license_refs(c.declared.expression) + license_refs(c.concluded.expression)
        for ref in dict.fromkeys(refs):
            users.setdefault(ref, []).append(c)
    for n, ref in enumerate(sorted(users), start=1):
        names = ", ".join(c.name for c in users[ref])
        texts: list[str] = []
        for c in users[ref]:
            for f in c.license_files:
                text = inv.license_texts.get(f.path)
                if f.status is FileStatus.PRESENT and text and text not in texts:
                    texts.append(text)
        if ref == PUBLIC_DOMAIN_REF:
            texts = [PUBLIC_DOMAIN_TEXT]
        explanation = (
            f"PYTHON.json declares a license for {names} that is not on the SPDX license list; "
            f"licscan refers to it as {ref}."
        )
        element = b.add(
            spdx3.simplelicensing_SimpleLicensingText(
                spdxId=f"{b.base}LicensingText-{n}",
                name=ref,
                simplelicensing_licenseText="\n".join(texts) if texts else explanation,
                comment=f"used by {names}",
            )
        )
        b.texts[ref] = element.spdxId


def build_objects(report: Report, context: RenderContext) -> spdx3.SHACLObjectSet:
    """The report as an SPDX 3 object set (one SpdxDocument), not indexed (`create_index()`
    makes it searchable)."""
    inv = report.inventory
    b = _Builder(report, context)
    _licensing_texts(b, report)
    distribution = _distribution(b, report)
    taken: set[str] = set()
    packages = {c.key: _package(b, c, _local_id(c, taken), report) for c in inv.components}
    interpreter = next((c for c in inv.components if c.kind is ComponentKind.INTERPRETER), None)
    linker = packages[interpreter.key] if interpreter else distribution
    carried = [packages[c.key] for c in inv.components if c.shipping is not Shipping.SYSTEM]
    if carried:
        b.relate(distribution, _REL.contains, carried)
    for c in inv.components:
        if c is interpreter:
            continue
        target = packages[c.key]
        if c.key.startswith("cpython/"):
            b.relate(linker, _REL.contains, [target], "a copy in CPython's source tree")
        kinds = {_LINK[u.kind] for u in c.links if u.variant == "default" and u.kind}
        if c.shipping is Shipping.SYSTEM and not kinds:
            kinds = {_LINK[LinkKind.SYSTEM]}
        for kind, comment in sorted(kinds, key=lambda k: (k[0], k[1] or "")):
            b.relate(linker, kind, [target], comment)
    sbom = b.add(
        spdx3.software_Sbom(
            spdxId=b.base + "Sbom",
            name=f"licscan SBOM of {inv.archive.file_name}",
            software_sbomType=[spdx3.software_SbomType.analyzed],
            rootElement=[distribution],
            profileConformance=[
                spdx3.ProfileIdentifierType.core,
                spdx3.ProfileIdentifierType.software,
                spdx3.ProfileIdentifierType.simpleLicensing,
            ],
        )
    )
    sbom.element = [e for e in b.elements if e is not sbom]
    data_license = b.add(
        spdx3.simplelicensing_LicenseExpression(
            spdxId=b.base + "DataLicense",
            simplelicensing_licenseExpression="CC0-1.0",
            comment="the license of this document's data, as SPDX 2.3 requires",
        )
    )
    document = spdx3.SpdxDocument(
        spdxId=b.base + "SpdxDocument",
        dataLicense=data_license,
        name=f"licscan inventory of {inv.archive.file_name}",
        creationInfo=b.creation,
        rootElement=[sbom],
        element=list(b.elements),
        profileConformance=list(sbom.profileConformance),
    )
    b.objects.objects.add(document)
    return b.objects


def render(report: Report, context: RenderContext) -> bytes:
    """SPDX 3.0.1 JSON-LD, UTF-8, with a trailing newline; OutputError if it does not encode."""
    objects = build_objects(report, context)
    try:  # what `JSONLDSerializer.write` encodes, one element of the graph at a time
        return spdx3_json.encode(objects)
    except (ValueError, TypeError) as error:
        raise OutputError(
            f"the SPDX 3 document licscan built is not valid ({error}); please report this"
        ) from None
