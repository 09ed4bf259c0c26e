"""SPDX 2.3 JSON (format `spdx`), written by licscan's own code and checked against spdx-tools.

The document DESCRIBES one package for the distribution (the archive), which CONTAINS every
component whose code is in the archive (bundled and build-only) and STATIC_LINK / DYNAMIC_LINK
the libraries its installed extensions link; libraries taken from the operating system are
DEPENDS_ON. Every `LicenseRef-` used gets an extracted-licensing entry with the component's
license text from the archive, or an explanation. Output is deterministic: the namespace
derives from the archive sha256 and `created` from the RenderContext.

Why not spdx-tools at run time: importing it (with beartype, which checks every value set on
its model) and building one document costs about 0.15 s of CPU, more than reading a real-size
archive. This module writes the JSON that spdx-tools' `DocumentConverter` writes for the same
facts (`spdx_common.py`), key for key in its order, and checks the rules the document relies on
in one pass (`problems`). `spdx_library.py` builds the same document with spdx-tools, which
validates it; `tests/render/test_sbom_writers.py` checks that both give the same bytes and that
spdx-tools' full validation finds nothing, on every golden scenario and on random inventories.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timezone
from typing import Any

from licscan.errors import OutputError
from licscan.model import Component, ComponentKind, Inventory, Report
from licscan.render import copyrights, identifiers
from licscan.render import spdx_common as common
from licscan.render.context import RenderContext
from licscan.render.json_text import given, indented_json

_VALID_ID = re.compile(r"SPDXRef-[\da-zA-Z.-]+")  # spdx-tools' is_valid_internal_spdx_id


def _checksums(values: list[str]) -> list[dict[str, str]]:
    return [{"algorithm": "SHA256", "checksumValue": v} for v in values]


def _ref(category: str, kind: str, locator: str) -> dict[str, str]:
    return {"referenceCategory": category, "referenceLocator": locator, "referenceType": kind}


def _package(c: Component, spdx_id: str, inventory: Inventory) -> dict[str, Any]:
    notices = copyrights.copyright_of(c, inventory)
    license_comment, comment = common.package_comments(c, inventory, notices)
    refs = []
    if cpe := identifiers.cpe(c):
        refs.append(_ref("SECURITY", "cpe23Type", cpe))
    refs.append(_ref("PACKAGE_MANAGER", "purl", identifiers.component_purl(c)))
    return given(
        [
            ("SPDXID", spdx_id),
            ("checksums", _checksums(sorted({h.sha256 for h in c.hashes}))),
            ("comment", comment),
            ("copyrightText", common.copyright_value(notices)),
            ("downloadLocation", identifiers.download_url(c) or "NOASSERTION"),
            ("externalRefs", refs),
            ("filesAnalyzed", False),
            ("licenseComments", license_comment),
            ("licenseConcluded", common.license_value(c.concluded.expression)),
            ("licenseDeclared", common.license_value(c.declared.expression)),
            ("name", c.name),
            (
                "primaryPackagePurpose",
                "APPLICATION" if c.kind is ComponentKind.INTERPRETER else "LIBRARY",
            ),
            ("supplier", f"Organization: {identifiers.supplier(c)}"),
            ("versionInfo", identifiers.version_label(c, inventory)),
        ]
    )


def _distribution_package(report: Report) -> dict[str, Any]:
    inv = report.inventory
    notices = copyrights.distribution_copyright(inv)
    return given(
        [
            ("SPDXID", common.DISTRIBUTION_ID),
            ("checksums", _checksums([inv.archive.sha256])),
            ("comment", common.distribution_comment(report, notices)),
            ("copyrightText", common.copyright_value(notices)),
            ("downloadLocation", identifiers.distribution_download(inv) or "NOASSERTION"),
            (
                "externalRefs",
                [_ref("PACKAGE_MANAGER", "purl", identifiers.distribution_purl(inv))],
            ),
            ("filesAnalyzed", False),
            ("licenseComments", common.DISTRIBUTION_LICENSE_COMMENT),
            ("licenseConcluded", common.license_value(common.distribution_license(inv))),
            ("licenseDeclared", "NOASSERTION"),
            ("name", "cpython"),
            ("packageFileName", inv.archive.file_name),
            ("primaryPackagePurpose", "ARCHIVE"),
            ("summary", common.distribution_summary(inv)),
            ("supplier", f"Organization: {identifiers.distribution_supplier()}"),
            ("versionInfo", inv.python_version or identifiers.UNKNOWN_VERSION),
        ]
    )


def _created(context: RenderContext) -> str:
    """`datetime_to_iso_string`: UTC, no microseconds, `Z`."""
    when = context.timestamp.replace(microsecond=0)
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when.isoformat() + "Z"


def document(report: Report, context: RenderContext) -> dict[str, Any]:
    """The SPDX 2.3 document as the JSON data spdx-tools' converter makes of it."""
    inv = report.inventory
    ids = common.spdx_ids(inv.components)
    return given(
        [
            ("SPDXID", common.DOCUMENT_ID),
            (
                "creationInfo",
                {
                    "created": _created(context),
                    "creators": [f"Tool: licscan-{context.tool_version}"],
                    "comment": common.SBOM_TYPE_COMMENT,
                },
            ),
            ("dataLicense", "CC0-1.0"),
            (
                "hasExtractedLicensingInfos",
                [
                    {"comment": comment, "extractedText": text, "licenseId": ref, "name": name}
                    for ref, text, name, comment in common.extracted(report)
                ],
            ),
            ("name", f"licscan inventory of {inv.archive.file_name}"),
            ("spdxVersion", "SPDX-2.3"),
            (
                "documentNamespace",
                f"{common.NAMESPACE_BASE}/{common.document_name(inv)}-{inv.archive.identity}",
            ),
            (
                "packages",
                [_distribution_package(report)]
                + [_package(c, ids[c.key], inv) for c in inv.components],
            ),
            (
                "relationships",
                [
                    given(
                        [
                            ("spdxElementId", source),
                            ("comment", comment),
                            ("relatedSpdxElement", target),
                            ("relationshipType", kind),
                        ]
                    )
                    for source, kind, target, comment in common.relationships(report, ids)
                ],
            ),
        ]
    )


def problems(data: dict[str, Any]) -> Iterator[str]:
    """What breaks the rules the document relies on, in one pass each: every SPDXID well
    formed and unique, every relationship's ends in the document and one DESCRIBES the
    distribution, every `LicenseRef-` of a license field extracted."""
    ids = {data["SPDXID"]}
    for package in data["packages"]:
        spdx_id = package["SPDXID"]
        if not _VALID_ID.fullmatch(spdx_id):
            yield f"malformed SPDXID {spdx_id!r}"
        if spdx_id in ids:
            yield f"duplicate SPDXID {spdx_id!r}"
        ids.add(spdx_id)
    describes = False
    for r in data["relationships"]:
        for end in (r["spdxElementId"], r["relatedSpdxElement"]):
            if end not in ids:
                yield f"relationship {r['relationshipType']} names {end!r}, not in the document"
        describes = describes or r["relationshipType"] == "DESCRIBES"
    if not describes:
        yield f'there is no relationship "{data["SPDXID"]} DESCRIBES ..."'
    extracted = {e["licenseId"] for e in data.get("hasExtractedLicensingInfos", ())}
    for package in data["packages"]:
        for field in ("licenseConcluded", "licenseDeclared"):
            for ref in common.license_refs(package[field]):
                if ref not in extracted:
                    yield f"{package['SPDXID']}: license {ref!r} is neither listed nor extracted"


def render(report: Report, context: RenderContext) -> bytes:
    """SPDX 2.3 JSON, UTF-8, with a trailing newline; raises OutputError if it breaks a rule."""
    data = document(report, context)
    if found := list(problems(data))[:5]:
        raise OutputError(
            f"the SPDX document licscan built is not valid ({'; '.join(found)}); please report this"
        )
    return indented_json(data, errors="backslashreplace")


def build_document(report: Report, context: RenderContext) -> Any:
    """The same document as an spdx-tools Document (`spdx_library.build_document`)."""
    from licscan.spdx import licensing_lent

    with licensing_lent():  # spdx-tools gets licscan's SPDX licensing object
        from licscan.render import spdx_library

    return spdx_library.build_document(report, context)
