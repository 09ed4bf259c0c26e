"""licscan's SPDX 2.3 document built and validated with spdx-tools: the reference `spdx.py`'s
own writer is tested against, byte for byte (`tests/render/test_sbom_writers.py`), on every
golden scenario and on random inventories.

The same facts (`spdx_common.py`) as spdx-tools objects (`build_document`), validated
(`spdx_check.problems`: spdx-tools' full validation up to 500 packages, linear checks of the
same rules above) and written by spdx-tools' `DocumentConverter` (`render`). spdx-tools checks
every value's type as the objects are built (beartype) and costs about 0.15 s of CPU to import
and use once, which is why `licscan report` writes the format with its own code.
"""

from __future__ import annotations

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
from licscan.model import Component, ComponentKind, Inventory, Report
from licscan.render import copyrights, identifiers, spdx_check
from licscan.render import spdx_common as common
from licscan.render.context import RenderContext
from licscan.render.json_text import indented_json

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
    value = common.copyright_value(found)
    return SpdxNone() if value == "NONE" else SpdxNoAssertion() if value == "NOASSERTION" else value


def _package(c: Component, spdx_id: str, inventory: Inventory) -> Package:
    notices = copyrights.copyright_of(c, inventory)
    license_comment, comment = common.package_comments(c, inventory, notices)
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
        license_comment=license_comment,
        copyright_text=_copyright(notices),
        comment=comment,
        external_references=_external_refs(c),
        primary_package_purpose=(
            PackagePurpose.APPLICATION
            if c.kind is ComponentKind.INTERPRETER
            else PackagePurpose.LIBRARY
        ),
    )


def _distribution_package(report: Report) -> Package:
    inv = report.inventory
    url = identifiers.distribution_download(inv)
    notices = copyrights.distribution_copyright(inv)
    return Package(
        spdx_id=common.DISTRIBUTION_ID,
        name="cpython",
        download_location=url or SpdxNoAssertion(),
        version=inv.python_version or identifiers.UNKNOWN_VERSION,
        supplier=_supplier(identifiers.distribution_supplier()),
        file_name=inv.archive.file_name,
        files_analyzed=False,
        checksums=[Checksum(ChecksumAlgorithm.SHA256, inv.archive.sha256)],
        license_concluded=_license(common.distribution_license(inv)),
        license_declared=SpdxNoAssertion(),
        license_comment=common.DISTRIBUTION_LICENSE_COMMENT,
        copyright_text=_copyright(notices),
        summary=common.distribution_summary(inv),
        comment=common.distribution_comment(report, notices),
        external_references=[
            ExternalPackageRef(
                ExternalPackageRefCategory.PACKAGE_MANAGER,
                "purl",
                identifiers.distribution_purl(inv),
            )
        ],
        primary_package_purpose=PackagePurpose.ARCHIVE,
    )


def build_document(report: Report, context: RenderContext) -> Document:
    """The report as an spdx-tools Document."""
    inv = report.inventory
    ids = common.spdx_ids(inv.components)
    creation = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id=common.DOCUMENT_ID,
        name=f"licscan inventory of {inv.archive.file_name}",
        document_namespace=(
            f"{common.NAMESPACE_BASE}/{common.document_name(inv)}-{inv.archive.identity}"
        ),
        creators=[Actor(ActorType.TOOL, f"licscan-{context.tool_version}")],
        created=context.timestamp.replace(microsecond=0),
        creator_comment=common.SBOM_TYPE_COMMENT,
    )
    return Document(
        creation_info=creation,
        packages=[_distribution_package(report)]
        + [_package(c, ids[c.key], inv) for c in inv.components],
        relationships=[
            Relationship(source, RelationshipType[kind], target, comment)
            for source, kind, target, comment in common.relationships(report, ids)
        ],
        extracted_licensing_info=[
            ExtractedLicensingInfo(ref, text, name, comment=comment)
            for ref, text, name, comment in common.extracted(report)
        ],
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
