"""SPDX 3 written one graph element at a time (render/spdx3_json.py): the same bytes as the
bindings' whole-document `serialize_data`, encoded the same way."""

from __future__ import annotations

import pytest
from spdx_python_model.bindings import v3_0_1 as spdx3

from licscan.model import Report
from licscan.render import spdx3_json
from licscan.render import spdx3_library as spdx3_render
from licscan.render.context import RenderContext
from licscan.render.json_text import indented_json


def _objects(report: Report) -> spdx3.SHACLObjectSet:
    return spdx3_render.build_objects(report, RenderContext.for_report(report, "1.0"))


@pytest.mark.parametrize("which", ["gpl_report", "clean_report", "waived_report"])
def test_bytes_equal_the_whole_document_encoding(
    which: str, request: pytest.FixtureRequest
) -> None:
    report: Report = request.getfixturevalue(which)
    expected = indented_json(
        spdx3.JSONLDSerializer().serialize_data(_objects(report)), errors="backslashreplace"
    )
    mine = spdx3_json.encode(_objects(report))
    assert mine == expected
    assert mine.count(b'"type": "software_Package"') == len(report.inventory.components) + 1


def test_a_single_object_is_written_without_a_graph() -> None:
    objects = spdx3.SHACLObjectSet()
    objects.objects.add(spdx3.Hash(algorithm=spdx3.HashAlgorithm.sha256, hashValue="00"))
    mine = spdx3_json.encode(objects)
    assert b"@graph" not in mine
    assert mine == indented_json(spdx3.JSONLDSerializer().serialize_data(objects))
