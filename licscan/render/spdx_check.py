"""Validation of the SPDX 2.3 document spdx-tools builds for licscan (`spdx_library.py`, the
reference the tests hold licscan's own writer to), in linear time for large documents.

spdx-tools' `validate_full_spdx_document` is quadratic in the number of packages: for each
package and each relationship it lists every SPDXID of the document, and filters every
relationship (7 s at 2,000 packages, hours at 20,000). Up to `FULL_VALIDATION_PACKAGES`
packages licscan runs it; above that it checks, in one pass each, the rules the document
relies on, with spdx-tools' own per-element validators where they need no document:

- the SPDX version, and the creation info (`validate_creation_info`);
- every package on its own (`validate_package`: download location, checksums, external
  references, ...; required fields and types are checked by spdx-tools' model when built);
- every SPDXID well formed and unique in the document;
- every license expression valid (`spdx_licensing`), each `LicenseRef-` in it defined by an
  extracted licensing info;
- every relationship's ends well formed and present in the document, and one DESCRIBES;
- the extracted licensing infos (`validate_extracted_licensing_infos`).

A document with files, snippets or annotations (licscan writes none) always gets the full
validation. Messages are strings, at most `limit` of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from license_expression import ExpressionError, ExpressionParseError
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.relationship import RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone
from spdx_tools.spdx.validation.creation_info_validator import validate_creation_info
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
from spdx_tools.spdx.validation.extracted_licensing_info_validator import (
    validate_extracted_licensing_infos,
)
from spdx_tools.spdx.validation.package_validator import validate_package
from spdx_tools.spdx.validation.spdx_id_validators import is_valid_internal_spdx_id

# Up to this many packages spdx-tools validates the whole document (about 0.3 s at 500).
FULL_VALIDATION_PACKAGES = 500


def problems(document: Document, limit: int = 5) -> list[str]:
    """What is wrong with the document (empty when it is valid), at most `limit` messages."""
    if (
        len(document.packages) <= FULL_VALIDATION_PACKAGES
        or document.files
        or document.snippets
        or document.annotations
    ):
        return [m.validation_message for m in validate_full_spdx_document(document)[:limit]]
    found: list[str] = []
    for message in linear_problems(document):
        found.append(message)
        if len(found) >= limit:
            break
    return found


def linear_problems(document: Document) -> Iterator[str]:
    """The rules listed in the module docstring, in one pass each."""
    info = document.creation_info
    if info.spdx_version not in ("SPDX-2.2", "SPDX-2.3"):
        yield f"unsupported SPDX version {info.spdx_version!r}"
        return
    version = info.spdx_version
    yield from (m.validation_message for m in validate_creation_info(info, version))
    ids = {info.spdx_id}
    for package in document.packages:
        if not is_valid_internal_spdx_id(package.spdx_id):
            yield f"malformed SPDXID {package.spdx_id!r}"
        if package.spdx_id in ids:
            yield f"duplicate SPDXID {package.spdx_id!r}"
        ids.add(package.spdx_id)
        yield from (m.validation_message for m in validate_package(package, version))
    refs = {e.license_id or "" for e in document.extracted_licensing_info}
    checked: dict[str, list[str]] = {}  # expression -> its problems (most packages share one)
    for package in document.packages:
        for expression in (
            package.license_concluded,
            package.license_declared,
            *package.license_info_from_files,
        ):
            if expression is None or isinstance(expression, SpdxNone | SpdxNoAssertion):
                continue
            text = str(expression)
            if text not in checked:
                checked[text] = list(_license_problems(text, refs))
            yield from (f"{package.spdx_id}: {problem}" for problem in checked[text])
    describes = False
    for r in document.relationships:
        ends = [r.spdx_element_id]
        if not isinstance(r.related_spdx_element_id, SpdxNone | SpdxNoAssertion):
            ends.append(r.related_spdx_element_id)
        for end in ends:
            if not is_valid_internal_spdx_id(end):
                yield f"relationship {r.relationship_type.name} names a malformed SPDXID {end!r}"
            elif end not in ids:
                yield f"relationship {r.relationship_type.name} names {end!r}, not in the document"
        describes = describes or (
            r.relationship_type is RelationshipType.DESCRIBES and r.spdx_element_id == info.spdx_id
        )
    if not describes and len(document.packages) > 1:
        yield f'there is no relationship "{info.spdx_id} DESCRIBES ..."'
    yield from (
        m.validation_message
        for m in validate_extracted_licensing_infos(document.extracted_licensing_info)
    )


def _license_problems(expression: str, refs: set[str]) -> Iterator[str]:
    for symbol in spdx_licensing.validate(expression).invalid_symbols:
        if symbol not in refs:
            yield f"license {symbol!r} is neither on the SPDX list nor extracted"
    try:
        spdx_licensing.parse(expression, validate=True, strict=True)
    except ExpressionParseError as error:
        yield f"{error} in license expression {expression}"
    except ExpressionError:
        pass  # an unknown symbol: reported above
