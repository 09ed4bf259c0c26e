"""SPDX 2.3 JSON (format `spdx`), built and validated with spdx-tools (above 500 packages with
linear checks of the same rules: `spdx_check.py`).

The document DESCRIBES one package for the distribution (the archive), which CONTAINS every
component whose code is in the archive (bundled and build-only) and STATIC_LINK / DYNAMIC_LINK
the libraries its installed extensions link; libraries taken from the operating system are
DEPENDS_ON. Every `LicenseRef-` used gets an extracted-licensing entry with the component's
license text from the archive, or an explanation. Output is deterministic: the namespace
derives from the archive sha256 and `created` from the RenderContext.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypeAlias

from license_expression import ExpressionError, LicenseExpression
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.jsonschema.document_converter import DocumentConverter
from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.checksum import Checksum, ChecksumAlgorithm
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
from spdx_tools.spdx.model.package import (
    ExternalPackageRef,
    ExternalPackageRefCategory,
    Package,
    PackagePurpose,
)
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone

from licscan.errors import OutputError
from licscan.model import (
    Component,
    ComponentKind,
    FileStatus,
    Inventory,
    LinkKind,
    Report,
    Shipping,
)
from licscan.render import copyrights, identifiers, spdx_check
from licscan.render.context import RenderContext, code_seen, dispute_text, identified_texts
from licscan.render.json_text import indented_json
from licscan.spdx import PUBLIC_DOMAIN_REF, PUBLIC_DOMAIN_TEXT

DISTRIBUTION_ID = "SPDXRef-Distribution"
NAMESPACE_BASE = "https://licscan.invalid/spdx"

# How CPython reaches a library, by the installed (`default`) variant's link kind: compiled in
# (libpython or an extension), a shared library the archive ships, or the operating system's.
_LINK_RELATIONSHIP = {
    LinkKind.STATIC: (RelationshipType.STATIC_LINK, None),
    LinkKind.DYNAMIC: (RelationshipType.DYNAMIC_LINK, "shared library shipped in the archive"),
    LinkKind.SYSTEM: (
        RelationshipType.DEPENDS_ON,
        "not distributed: taken from the operating system at run time",
    ),
    LinkKind.FRAMEWORK: (
        RelationshipType.DEPENDS_ON,
        "not distributed: an operating system framework",
    ),
    LinkKind.UNSPECIFIED: (
        RelationshipType.DEPENDS_ON,
        "linked; the metadata does not say whether statically or dynamically",
    ),
}

SBOM_TYPE_COMMENT = (
    "SBOM type: Analyzed (CISA, Types of Software Bill of Material Documents, 2023; CycloneDX "
    "lifecycle post-build): made by licscan from the built python-build-standalone archive, "
    "read as it ships, not from the build."
)

SpdxLicense: TypeAlias = "LicenseExpression | SpdxNoAssertion | SpdxNone"


@lru_cache(maxsize=4096)  # one parse per expression, shared by the packages that have it
def _license(expression: str) -> SpdxLicense:
    if expression == "NOASSERTION":
        return SpdxNoAssertion()
    if expression == "NONE":
        return SpdxNone()
    try:
        parsed: LicenseExpression = spdx_licensing.parse(expression)
    except ExpressionError:
        return SpdxNoAssertion()
    return parsed


def license_refs(expression: str) -> list[str]:
    return list(_license_refs(expression))


@lru_cache(maxsize=4096)  # thousands of packages share a few expressions
def _license_refs(expression: str) -> tuple[str, ...]:
    if expression in ("NOASSERTION", "NONE"):
        return ()
    try:
        keys: list[str] = spdx_licensing.license_keys(expression)
    except ExpressionError:
        return ()
    return tuple(k for k in keys if k.startswith("LicenseRef-"))


def _spdx_ids(components: tuple[Component, ...]) -> dict[str, str]:
    """Component key -> SPDXID (letters, digits, `.` and `-`), unique in model order."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for c in components:
        base = "SPDXRef-Component-" + re.sub(r"[^A-Za-z0-9.-]+", "-", c.key).strip("-")
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        ids[c.key] = candidate
        taken.add(candidate)
    return ids


def _supplier(name: str) -> Actor:
    return Actor(ActorType.ORGANIZATION, name)


def _external_refs(c: Component) -> list[ExternalPackageRef]:
    refs = []
    if cpe := identifiers.cpe(c):
        refs.append(ExternalPackageRef(ExternalPackageRefCategory.SECURITY, "cpe23Type", cpe))
    refs.append(
        ExternalPackageRef(
            ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", identifiers.component_purl(c)
        )
    )
    return refs


def _copyright(found: copyrights.Copyright) -> str | SpdxNoAssertion | SpdxNone:
    if found.text == copyrights.NONE:
        return SpdxNone()
    return found.text if found.known else SpdxNoAssertion()


def _package(c: Component, spdx_id: str, inventory: Inventory) -> Package:
    corrections = "; ".join(f"{k.code}: {k.message}" for k in c.corrections)
    if identified := identified_texts(c.license_files):
        corrections += ("; " if corrections else "") + f"license texts identified as: {identified}"
    for dispute in c.disputes:
        corrections += ("; " if corrections else "") + dispute_text(dispute)
    hashed = ", ".join(h.member for h in c.hashes)
    comment = f"shipping: {c.shipping.value}; kind: {c.kind.value}"
    if c.used_by:
        comment += f"; used by: {', '.join(c.used_by)}"
    if hashed:
        comment += f"; checksums of: {hashed}"
    if seen := code_seen(c):
        comment += f"; code found in: {', '.join(seen)}"
    notices = copyrights.copyright_of(c, inventory)
    comment += f"; copyright: {notices.source}"
    if not c.version:
        comment += f"; version unknown: {identifiers.version_label(c, inventory)} stands for it"
    url = identifiers.download_url(c)
    return Package(
        spdx_id=spdx_id,
        name=c.name,
        download_location=url or SpdxNoAssertion(),
        version=identifiers.version_label(c, inventory),
        supplier=_supplier(identifiers.supplier(c)),
        files_analyzed=False,
        checksums=[
            Checksum(ChecksumAlgorithm.SHA256, h) for h in sorted({h.sha256 for h in c.hashes})
        ],
        license_concluded=_license(c.concluded.expression),
        license_declared=_license(c.declared.expression),
        license_comment=corrections or None,
        copyright_text=_copyright(notices),
        comment=comment,
        external_references=_external_refs(c),
        primary_package_purpose=(
            PackagePurpose.APPLICATION
            if c.kind is ComponentKind.INTERPRETER
            else PackagePurpose.LIBRARY
        ),
    )


def distribution_license(inventory: Inventory) -> str:
    """What the archive as a whole is under: every license of the code it carries (bundled
    and build-only), joined with AND; NOASSERTION when any of them is unknown."""
    expressions = sorted(
        {c.concluded.expression for c in inventory.components if c.shipping is not Shipping.SYSTEM}
    )
    if not expressions or any(e in ("NOASSERTION", "NONE") for e in expressions):
        return "NOASSERTION"
    return " AND ".join(f"({e})" if " " in e else e for e in expressions)


def _distribution_package(report: Report) -> Package:
    inv = report.inventory
    url = identifiers.distribution_download(inv)
    notices = copyrights.distribution_copyright(inv)
    return Package(
        spdx_id=DISTRIBUTION_ID,
        name="cpython",
        download_location=url or SpdxNoAssertion(),
        version=inv.python_version or identifiers.UNKNOWN_VERSION,
        supplier=_supplier(identifiers.distribution_supplier()),
        file_name=inv.archive.file_name,
        files_analyzed=False,
        checksums=[Checksum(ChecksumAlgorithm.SHA256, inv.archive.sha256)],
        license_concluded=_license(distribution_license(inv)),
        license_declared=SpdxNoAssertion(),
        license_comment=(
            "Concluded: the licenses of all code the archive carries (the packages it "
            "contains), joined; see each package for its own."
        ),
        copyright_text=_copyright(notices),
        summary=(
            f"python-build-standalone {inv.flavor.value} archive for "
            f"{inv.target_triple or 'an unknown target'} ({inv.build_options or 'unknown options'})"
        ),
        comment=f"release: {inv.release.tag or inv.release.detail or 'unknown'} "
        f"({inv.release.source.value}); licscan verdict: {report.verdict.status}; "
        f"copyright: {notices.source}"
        + (f"; found in {inv.archive.origin.describe()}" if inv.archive.origin else ""),
        external_references=[
            ExternalPackageRef(
                ExternalPackageRefCategory.PACKAGE_MANAGER,
                "purl",
                identifiers.distribution_purl(inv),
            )
        ],
        primary_package_purpose=PackagePurpose.ARCHIVE,
    )


def _relationships(report: Report, ids: dict[str, str]) -> list[Relationship]:
    """The document DESCRIBES the distribution, which CONTAINS every component whose code it
    carries; CPython STATIC_LINK / DYNAMIC_LINK / DEPENDS_ON each library by how its installed
    extensions reach it, and CONTAINS the copies in its own source tree."""
    inv = report.inventory
    interpreter = next((c for c in inv.components if c.kind is ComponentKind.INTERPRETER), None)
    linker = ids[interpreter.key] if interpreter else DISTRIBUTION_ID
    rels = [Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, DISTRIBUTION_ID)]
    for c in inv.components:
        target = ids[c.key]
        if c.shipping is not Shipping.SYSTEM:
            comment = "object code under build/ only" if c.shipping is Shipping.BUILD_ONLY else None
            rels.append(Relationship(DISTRIBUTION_ID, RelationshipType.CONTAINS, target, comment))
        if c is interpreter:
            continue
        if c.key.startswith("cpython/"):
            rels.append(Relationship(linker, RelationshipType.CONTAINS, target))
        kinds = {_LINK_RELATIONSHIP[u.kind] for u in c.links if u.variant == "default" and u.kind}
        if c.shipping is Shipping.SYSTEM and not kinds:
            kinds = {_LINK_RELATIONSHIP[LinkKind.SYSTEM]}
        for kind, comment in sorted(kinds, key=lambda k: (k[0].name, k[1] or "")):
            rels.append(Relationship(linker, kind, target, comment))
    return rels


def _extracted(report: Report) -> list[ExtractedLicensingInfo]:
    """One entry per LicenseRef used, with the texts of the components that use it."""
    inv = report.inventory
    users: dict[str, list[Component]] = {}
    for c in inv.components:  # each once: no comparison of components (deep, and quadratic)
        refs = license_refs(c.declared.expression) + license_refs(c.concluded.expression)
        for ref in dict.fromkeys(refs):
            users.setdefault(ref, []).append(c)
    infos = []
    for ref in sorted(users):
        names = ", ".join(c.name for c in users[ref])
        if ref == PUBLIC_DOMAIN_REF:
            infos.append(
                ExtractedLicensingInfo(
                    ref, PUBLIC_DOMAIN_TEXT, "Public domain", comment=f"used by {names}"
                )
            )
            continue
        texts: list[str] = []
        for c in users[ref]:
            for f in c.license_files:
                text = inv.license_texts.get(f.path)
                if f.status is FileStatus.PRESENT and text and text not in texts:
                    texts.append(text)
        written = sorted({w for c in users[ref] for w in c.declared.invalid + c.concluded.invalid})
        explanation = (
            f"PYTHON.json declares license identifier(s) {', '.join(written) or ref} for {names}; "
            "they are not on the SPDX license list, so licscan refers to them as " + ref + "."
        )
        infos.append(
            ExtractedLicensingInfo(
                ref,
                "\n".join(texts) if texts else explanation,
                ref.removeprefix("LicenseRef-"),
                comment=f"used by {names}" + ("; " + explanation if texts else ""),
            )
        )
    return infos


def build_document(report: Report, context: RenderContext) -> Document:
    """The report as an spdx-tools Document."""
    inv = report.inventory
    ids = _spdx_ids(inv.components)
    name = re.sub(r"[^A-Za-z0-9._+-]+", "-", inv.archive.file_name) or "distribution"
    creation = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id="SPDXRef-DOCUMENT",
        name=f"licscan inventory of {inv.archive.file_name}",
        document_namespace=f"{NAMESPACE_BASE}/{name}-{inv.archive.identity}",
        creators=[Actor(ActorType.TOOL, f"licscan-{context.tool_version}")],
        created=context.timestamp.replace(microsecond=0),
        creator_comment=SBOM_TYPE_COMMENT,
    )
    return Document(
        creation_info=creation,
        packages=[_distribution_package(report)]
        + [_package(c, ids[c.key], inv) for c in inv.components],
        relationships=_relationships(report, ids),
        extracted_licensing_info=_extracted(report),
    )


def render(report: Report, context: RenderContext) -> bytes:
    """SPDX 2.3 JSON, UTF-8, with a trailing newline; raises OutputError if it does not validate."""
    document = build_document(report, context)
    if found := spdx_check.problems(document):
        raise OutputError(
            f"the SPDX document licscan built is not valid ({'; '.join(found)}); please report this"
        )
    converted = DocumentConverter().convert(document)  # type: ignore[no-untyped-call]
    return indented_json(converted, errors="backslashreplace")
