"""licscan's SPDX 3.0.1 document built with the SPDX project's Python bindings: the reference
`spdx3.py`'s own writer is tested against, byte for byte (`tests/render/test_sbom_writers.py`),
on every golden scenario and on random inventories.

The same facts (`spdx3.py`'s ids, comments, texts and relationships) as the bindings' objects;
`spdx-python-model` checks types and required properties while writing; an invalid document is
an OutputError. Written one element of the graph at a time (`spdx3_json.encode`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from licscan.errors import OutputError
from licscan.model import Component, ComponentKind, Report, Shipping
from licscan.render import copyrights, identifiers, spdx3_json
from licscan.render.context import RenderContext
from licscan.render.json_text import given
from licscan.render.spdx3 import (
    COPY_COMMENT,
    CREATION_COMMENT,
    DATA_LICENSE_COMMENT,
    DISTRIBUTION_LICENSE_COMMENT,
    base_iri,
    link_relationships,
    organization_id,
    purpose,
)
from licscan.render.spdx3_facts import (
    distribution_summary,
    licensing_texts,
    package_comment,
)
from licscan.render.spdx_common import (
    distribution_comment,
    distribution_license,
    license_refs,
    spdx_ids,
)

if TYPE_CHECKING:
    from spdx_python_model.bindings import v3_0_1 as spdx3
else:  # without rdflib, which the JSON-LD output does not use (0.07 s)
    from licscan.render.spdx3_bindings import load

    spdx3 = load()

_REL = spdx3.RelationshipType
_LICENSES = spdx3.expandedlicensing_IndividualLicensingInfo.NAMED_INDIVIDUALS
_NO_ASSERTION = _LICENSES["NoAssertionLicense"]
_NONE = _LICENSES["NoneLicense"]


def _set(**values: Any) -> dict[str, Any]:
    """The keyword arguments that have a value (the bindings refuse None and empty lists)."""
    return given(values.items())


class _Builder:
    """Collects the elements of one document, with ids under the document's namespace."""

    def __init__(self, report: Report, context: RenderContext) -> None:
        self.base = base_iri(report.inventory)
        self.objects = spdx3.SHACLObjectSet()
        self.elements: list[spdx3.Element] = []
        self.agents: dict[str, spdx3.Organization] = {}
        self.agent_ids: set[str] = set()  # the Organizations' local ids, each once
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
            comment=CREATION_COMMENT,
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
            self.agents[name] = self.add(
                spdx3.Organization(
                    spdxId=self.base + organization_id(name, self.agent_ids), name=name
                )
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
                    **_set(
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
                **_set(
                    spdxId=f"{self.base}Relationship-{n}",
                    from_=source,
                    to=targets,
                    relationshipType=kind,
                    comment=comment,
                )
            )
        )


def _identifiers(c: Component) -> list[spdx3.ExternalIdentifier]:
    found = []
    if cpe := identifiers.cpe(c):
        found.append(
            spdx3.ExternalIdentifier(
                externalIdentifierType=spdx3.ExternalIdentifierType.cpe23, identifier=cpe
            )
        )
    return found


def _package(b: _Builder, c: Component, local: str, report: Report) -> spdx3.software_Package:
    inv = report.inventory
    notices = copyrights.copyright_of(c, inv)
    primary = getattr(spdx3.software_SoftwarePurpose, purpose(c))
    package = b.add(
        spdx3.software_Package(
            **_set(
                spdxId=b.base + local,
                name=c.name,
                software_packageVersion=identifiers.version_label(c, inv),
                suppliedBy=b.supplier(identifiers.supplier(c)),
                software_copyrightText=notices.text,
                software_downloadLocation=identifiers.download_url(c),
                software_packageUrl=identifiers.component_purl(c),
                software_primaryPurpose=primary,
                externalIdentifier=_identifiers(c),
                verifiedUsing=[
                    spdx3.Hash(algorithm=spdx3.HashAlgorithm.sha256, hashValue=h)
                    for h in sorted({h.sha256 for h in c.hashes})
                ],
                comment=package_comment(c, inv, notices),
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
            **_set(
                spdxId=b.base + "Distribution",
                name="cpython",
                summary=distribution_summary(inv),
                software_packageVersion=inv.python_version or identifiers.UNKNOWN_VERSION,
                suppliedBy=b.supplier(identifiers.distribution_supplier()),
                software_copyrightText=notices.text,
                software_downloadLocation=identifiers.distribution_download(inv),
                software_packageUrl=identifiers.distribution_purl(inv),
                software_primaryPurpose=spdx3.software_SoftwarePurpose.archive,
                verifiedUsing=[
                    spdx3.Hash(algorithm=spdx3.HashAlgorithm.sha256, hashValue=inv.archive.sha256)
                ],
                comment=distribution_comment(report, notices),
            )
        )
    )
    b.relate(
        package,
        _REL.hasConcludedLicense,
        [b.license(distribution_license(inv))],
        DISTRIBUTION_LICENSE_COMMENT,
    )
    return package  # type: ignore[no-any-return]


def _licensing_texts(b: _Builder, report: Report) -> None:
    """One licensing text per LicenseRef used (`spdx3.licensing_texts`)."""
    for n, (ref, text, comment) in enumerate(licensing_texts(report), start=1):
        element = b.add(
            spdx3.simplelicensing_SimpleLicensingText(
                spdxId=f"{b.base}LicensingText-{n}",
                name=ref,
                simplelicensing_licenseText=text,
                comment=comment,
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
    ids = spdx_ids(inv.components, "Package-")
    packages = {c.key: _package(b, c, ids[c.key], report) for c in inv.components}
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
            b.relate(linker, _REL.contains, [target], COPY_COMMENT)
        for kind, comment in link_relationships(c):
            b.relate(linker, getattr(_REL, kind), [target], comment)
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
            comment=DATA_LICENSE_COMMENT,
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
