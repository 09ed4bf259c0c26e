"""The linear SPDX 2.3 checks (render/spdx_check.py) for documents of many packages: silent on
the documents licscan writes, and finding each broken rule spdx-tools' full validation finds."""

from __future__ import annotations

import copy as copy_module
from collections.abc import Callable

import pytest
from license_expression import LicenseExpression
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from licscan.model import Report
from licscan.render import spdx, spdx_check
from licscan.render.context import RenderContext


def _document(report: Report) -> Document:
    return spdx.build_document(report, RenderContext.for_report(report, "1.0"))


@pytest.mark.parametrize("which", ["gpl_report", "clean_report", "waived_report"])
def test_written_documents_pass_both_ways(which: str, request: pytest.FixtureRequest) -> None:
    document = _document(request.getfixturevalue(which))
    assert list(spdx_check.linear_problems(document)) == []
    assert validate_full_spdx_document(document) == []
    assert len(document.packages) > 10 and len(document.relationships) > 10


def _duplicate_id(d: Document) -> None:
    copy = copy_module.copy(d.packages[1])
    copy.name = "copy"
    d.packages.append(copy)


def _dangling_target(d: Document) -> None:
    d.relationships.append(
        Relationship(d.packages[0].spdx_id, RelationshipType.CONTAINS, "SPDXRef-Nowhere")
    )


def _malformed_id(d: Document) -> None:
    d.relationships.append(Relationship("SPDXRef-Bad_Id", RelationshipType.CONTAINS, "x"))


def _unknown_license_ref(d: Document) -> None:
    expression: LicenseExpression = spdx_licensing.parse("MIT AND LicenseRef-undefined")
    d.packages[2].license_concluded = expression


def _no_describes(d: Document) -> None:
    d.relationships[:] = [
        r for r in d.relationships if r.relationship_type is not RelationshipType.DESCRIBES
    ]


def _bad_download(d: Document) -> None:
    d.packages[3].download_location = "not a location"


BROKEN: dict[str, tuple[Callable[[Document], None], str]] = {
    "duplicate-id": (_duplicate_id, "duplicate SPDXID"),
    "dangling-target": (_dangling_target, "'SPDXRef-Nowhere', not in the document"),
    "malformed-id": (_malformed_id, "malformed SPDXID 'SPDXRef-Bad_Id'"),
    "unknown-license-ref": (_unknown_license_ref, "'LicenseRef-undefined' is neither"),
    "no-describes": (_no_describes, "DESCRIBES"),
    "bad-download": (_bad_download, "download_location"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_rule_is_found_like_spdx_tools(case: str, clean_report: Report) -> None:
    document = _document(clean_report)
    breaks, expected = BROKEN[case]
    breaks(document)
    found = list(spdx_check.linear_problems(document))
    assert any(expected in message for message in found), found
    assert validate_full_spdx_document(document), "spdx-tools finds it too"


def test_large_documents_take_the_linear_checks(
    clean_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _document(clean_report)
    _dangling_target(document)
    _duplicate_id(document)
    monkeypatch.setattr(spdx_check, "FULL_VALIDATION_PACKAGES", 1)
    monkeypatch.setattr(spdx_check, "validate_full_spdx_document", None)  # not called
    found = spdx_check.problems(document, limit=1)
    assert len(found) == 1 and "duplicate SPDXID" in found[0]
    assert len(spdx_check.problems(document)) == 2


def test_small_documents_get_spdx_tools(clean_report: Report) -> None:
    document = _document(clean_report)
    assert len(document.packages) <= spdx_check.FULL_VALIDATION_PACKAGES
    _dangling_target(document)
    found = spdx_check.problems(document)
    assert found == [m.validation_message for m in validate_full_spdx_document(document)][:5]
    assert found
