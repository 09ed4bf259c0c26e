"""SPDX 3.0.1 JSON-LD (format `spdx3`), written by licscan's own code and checked against the
SPDX project's Python bindings (`spdx-python-model`).

The same facts as the SPDX 2.3 document (`spdx.py`), in the SPDX 3 model, which can say what
SPDX 2.3 cannot: the SBOM type (`software_sbomType: analyzed`, CISA's "Analyzed" type: made from
the built archive as it ships). One `SpdxDocument` whose root is a `software_Sbom`, whose root is
the distribution (the archive) package. The distribution `contains` every component whose code
it carries; CPython `hasStaticLink` / `hasDynamicLink` / `dependsOn` each library by how its
installed extensions reach it, and `contains` the copies in its own source tree. Concluded and
declared licenses are `hasConcludedLicense` / `hasDeclaredLicense` relationships to license
expressions; every `LicenseRef-` used maps to a licensing text. Deterministic: element ids
derive from the archive sha256 and component keys, `created` from the RenderContext.

Why not the bindings at run time: importing them, building their objects and encoding them
costs about 0.03 s of CPU, as much as the rest of a real-size archive's report. This module
writes what the bindings' JSON-LD serializer writes for the same elements (each type's
properties in the bindings' order, the graph sorted by id after the one blank-node
CreationInfo, lists in the order given); `spdx3_library.py` builds the same elements with the
bindings, which check every property's type and count while writing.
`tests/render/test_sbom_writers.py` checks both give the same bytes, and that the bindings
read the document back, on every golden scenario and on random inventories.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from licscan.model import (
    Component,
    ComponentKind,
    Inventory,
    LinkKind,
    Report,
    Shipping,
)
from licscan.render import copyrights, identifiers
from licscan.render.context import RenderContext
from licscan.render.json_text import given, indented_json
from licscan.render.spdx3_facts import (
    distribution_summary,
    licensing_texts,
    package_comment,
)
from licscan.render.spdx_common import (
    NAMESPACE_BASE,
    distribution_comment,
    distribution_license,
    document_name,
    id_text,
    license_refs,
    spdx_ids,
    unique_id,
)

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
CREATION_ID = "_:CreationInfo0"  # the bindings' id of the one blank node written in the graph
NO_ASSERTION = "expandedlicensing_NoAssertionLicense"
NONE = "expandedlicensing_NoneLicense"
CREATION_COMMENT = "made by licscan from the built python-build-standalone archive"
DATA_LICENSE_COMMENT = "the license of this document's data, as SPDX 2.3 requires"
DISTRIBUTION_LICENSE_COMMENT = (
    "the licenses of all code the archive carries, joined; see each package for its own"
)
COPY_COMMENT = "a copy in CPython's source tree"
PROFILES = ["core", "software", "simpleLicensing"]

# (relationship type, comment) by how CPython reaches a library
LINK: dict[LinkKind, tuple[str, str | None]] = {
    LinkKind.STATIC: ("hasStaticLink", None),
    LinkKind.DYNAMIC: ("hasDynamicLink", "shared library shipped in the archive"),
    LinkKind.SYSTEM: ("dependsOn", "not distributed: taken from the operating system"),
    LinkKind.FRAMEWORK: ("dependsOn", "not distributed: an operating system framework"),
    LinkKind.UNSPECIFIED: ("dependsOn", "linked; the metadata does not say how"),
}


def base_iri(inv: Inventory) -> str:
    return f"{NAMESPACE_BASE}3/{document_name(inv)}-{inv.archive.identity}#"


def organization_id(name: str, taken: set[str]) -> str:
    """The Organization element's local id, unique among those `taken`."""
    return unique_id("Organization-" + id_text(name), taken)


def link_relationships(c: Component) -> list[tuple[str, str | None]]:
    """How CPython reaches a component other than itself, sorted, each once."""
    kinds = {LINK[u.kind] for u in c.links if u.variant == "default" and u.kind}
    if c.shipping is Shipping.SYSTEM and not kinds:
        kinds = {LINK[LinkKind.SYSTEM]}
    return sorted(kinds, key=lambda k: (k[0], k[1] or ""))


def purpose(c: Component) -> str:
    return "application" if c.kind is ComponentKind.INTERPRETER else "library"


def created(when: datetime) -> str:
    """The bindings' DateTimeStamp: UTC without microseconds as `...Z`, else ISO 8601."""
    if when.utcoffset() is None:
        when = when.astimezone()
    offset = when.utcoffset()
    if offset is not None and offset.seconds == 0:  # (sub-minute offsets: none in licscan)
        when = when.astimezone(timezone.utc)
    when = when.replace(microsecond=0)
    if when.tzinfo == timezone.utc:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat()


class _Writer:
    """The elements of one document as JSON-LD objects, in the order they are made."""

    def __init__(self, report: Report, context: RenderContext) -> None:
        self.base = base_iri(report.inventory)
        self.elements: list[str] = []  # ids, in order made (an SpdxDocument's `element`)
        self.objects: list[tuple[tuple[str, str, str, int], dict[str, Any]]] = []
        self.agents: dict[str, str] = {}
        self.agent_ids: set[str] = set()  # the Organizations' local ids, each once
        self.licenses: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.relationships = 0
        agent = self.simple("SoftwareAgent", "SoftwareAgent-licscan", "licscan")
        tool = self.simple("Tool", "Tool-licscan", f"licscan-{context.tool_version}")
        self.creation = {
            "type": "CreationInfo",
            "@id": CREATION_ID,
            "comment": CREATION_COMMENT,
            "created": created(context.timestamp),
            "createdBy": [agent],
            "createdUsing": [tool],
            "specVersion": "3.0.1",
        }

    def add(self, data: dict[str, Any], *, element: bool = True) -> str:
        iri: str = data["spdxId"]
        key = (iri, data["type"], data.get("name") or "", len(self.objects))
        self.objects.append((key, data))
        if element:
            self.elements.append(iri)
        return iri

    def simple(self, kind: str, local: str, name: str) -> str:
        iri = self.base + local
        return self.add({"type": kind, "spdxId": iri, "creationInfo": CREATION_ID, "name": name})

    def supplier(self, name: str) -> str:
        if name not in self.agents:
            local = organization_id(name, self.agent_ids)
            self.agents[name] = self.simple("Organization", local, name)
        return self.agents[name]

    def license(self, expression: str) -> str:
        if expression == "NOASSERTION":
            return NO_ASSERTION
        if expression == "NONE":
            return NONE
        if expression not in self.licenses:
            n = len(self.licenses) + 1
            mapping = [
                {"type": "DictionaryEntry", "key": ref, "value": self.texts[ref]}
                for ref in license_refs(expression)
                if ref in self.texts
            ]
            self.licenses[expression] = self.add(
                given(
                    [
                        ("type", "simplelicensing_LicenseExpression"),
                        ("spdxId", f"{self.base}LicenseExpression-{n}"),
                        ("simplelicensing_customIdToUri", mapping),
                        ("simplelicensing_licenseExpression", expression),
                        ("creationInfo", CREATION_ID),
                    ]
                )
            )
        return self.licenses[expression]

    def relate(
        self, source: str, kind: str, targets: list[str], comment: str | None = None
    ) -> None:
        self.relationships += 1
        self.add(
            given(
                [
                    ("type", "Relationship"),
                    ("spdxId", f"{self.base}Relationship-{self.relationships}"),
                    ("from", source),
                    ("relationshipType", kind),
                    ("to", targets),
                    ("comment", comment),
                    ("creationInfo", CREATION_ID),
                ]
            )
        )


def _hashes(values: list[str]) -> list[dict[str, str]]:
    return [{"type": "Hash", "algorithm": "sha256", "hashValue": v} for v in values]


def _package(w: _Writer, c: Component, local: str, report: Report) -> str:
    inv = report.inventory
    notices = copyrights.copyright_of(c, inv)
    cpe = identifiers.cpe(c)
    package = w.add(
        given(
            [
                ("type", "software_Package"),
                ("spdxId", w.base + local),
                ("software_downloadLocation", identifiers.download_url(c)),
                ("software_packageUrl", identifiers.component_purl(c)),
                ("software_packageVersion", identifiers.version_label(c, inv)),
                ("software_copyrightText", notices.text),
                ("software_primaryPurpose", purpose(c)),
                ("suppliedBy", w.supplier(identifiers.supplier(c))),
                ("comment", package_comment(c, inv, notices)),
                ("creationInfo", CREATION_ID),
                (
                    "externalIdentifier",
                    [
                        {
                            "type": "ExternalIdentifier",
                            "externalIdentifierType": "cpe23",
                            "identifier": cpe,
                        }
                    ]
                    if cpe
                    else [],
                ),
                ("name", c.name),
                ("verifiedUsing", _hashes(sorted({h.sha256 for h in c.hashes}))),
            ]
        )
    )
    w.relate(package, "hasConcludedLicense", [w.license(c.concluded.expression)])
    w.relate(package, "hasDeclaredLicense", [w.license(c.declared.expression)])
    return package


def _distribution(w: _Writer, report: Report) -> str:
    inv = report.inventory
    notices = copyrights.distribution_copyright(inv)
    package = w.add(
        given(
            [
                ("type", "software_Package"),
                ("spdxId", w.base + "Distribution"),
                ("software_downloadLocation", identifiers.distribution_download(inv)),
                ("software_packageUrl", identifiers.distribution_purl(inv)),
                ("software_packageVersion", inv.python_version or identifiers.UNKNOWN_VERSION),
                ("software_copyrightText", notices.text),
                ("software_primaryPurpose", "archive"),
                ("suppliedBy", w.supplier(identifiers.distribution_supplier())),
                ("comment", distribution_comment(report, notices)),
                ("creationInfo", CREATION_ID),
                ("name", "cpython"),
                ("summary", distribution_summary(inv)),
                ("verifiedUsing", _hashes([inv.archive.sha256])),
            ]
        )
    )
    w.relate(
        package,
        "hasConcludedLicense",
        [w.license(distribution_license(inv))],
        DISTRIBUTION_LICENSE_COMMENT,
    )
    return package


def document(report: Report, context: RenderContext) -> dict[str, Any]:
    """The JSON-LD document as the bindings' serializer writes it."""
    inv = report.inventory
    w = _Writer(report, context)
    for n, (ref, text, comment) in enumerate(licensing_texts(report), start=1):
        w.texts[ref] = w.add(
            {
                "type": "simplelicensing_SimpleLicensingText",
                "spdxId": f"{w.base}LicensingText-{n}",
                "simplelicensing_licenseText": text,
                "comment": comment,
                "creationInfo": CREATION_ID,
                "name": ref,
            }
        )
    distribution = _distribution(w, report)
    ids = spdx_ids(inv.components, "Package-")
    packages = {c.key: _package(w, c, ids[c.key], report) for c in inv.components}
    interpreter = next((c for c in inv.components if c.kind is ComponentKind.INTERPRETER), None)
    linker = packages[interpreter.key] if interpreter else distribution
    carried = [packages[c.key] for c in inv.components if c.shipping is not Shipping.SYSTEM]
    if carried:
        w.relate(distribution, "contains", carried)
    for c in inv.components:
        if c is interpreter:
            continue
        if c.key.startswith("cpython/"):
            w.relate(linker, "contains", [packages[c.key]], COPY_COMMENT)
        for kind, how in link_relationships(c):
            w.relate(linker, kind, [packages[c.key]], how)
    sbom_id = w.base + "Sbom"
    sbom = {
        "type": "software_Sbom",
        "spdxId": sbom_id,
        "software_sbomType": ["analyzed"],
        "element": list(w.elements),
        "profileConformance": PROFILES,
        "rootElement": [distribution],
        "creationInfo": CREATION_ID,
        "name": f"licscan SBOM of {inv.archive.file_name}",
    }
    w.add(sbom)
    data_license = w.add(
        {
            "type": "simplelicensing_LicenseExpression",
            "spdxId": w.base + "DataLicense",
            "simplelicensing_licenseExpression": "CC0-1.0",
            "comment": DATA_LICENSE_COMMENT,
            "creationInfo": CREATION_ID,
        }
    )
    w.add(
        {
            "type": "SpdxDocument",
            "spdxId": w.base + "SpdxDocument",
            "dataLicense": data_license,
            "element": list(w.elements),
            "profileConformance": PROFILES,
            "rootElement": [sbom_id],
            "creationInfo": CREATION_ID,
            "name": f"licscan inventory of {inv.archive.file_name}",
        },
        element=False,
    )
    graph = [data for _, data in sorted(w.objects, key=lambda kv: kv[0])]
    return {
        "@context": CONTEXT,
        "@graph": [w.creation, *graph],
    }


def render(report: Report, context: RenderContext) -> bytes:
    """SPDX 3.0.1 JSON-LD, UTF-8 (`backslashreplace`), 2-space indented, with a newline."""
    return indented_json(document(report, context), errors="backslashreplace")
