"""SPDX 3 JSON-LD of an object set, its `@graph` encoded one element at a time.

`JSONLDSerializer().serialize_data(objects)` builds the whole document as Python data (40 MiB
for 20,000 packages) before any of it is written. `encode` does what it does, in the same order,
but hands `indented_json` each element of the `@graph` as it is encoded: the same bytes as
`indented_json(serialize_data(objects))` (checked by `tests/render/test_spdx3_json.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from licscan.render.json_text import LazyList, indented_json
from licscan.render.spdx3_bindings import load

if TYPE_CHECKING:
    from spdx_python_model.bindings import v3_0_1

# The serializer's own pieces (EncodeState, JSONLDEncoder, encode_context), used as
# SHACLObjectSet.encode uses them; the bindings' type stubs do not describe them. Loaded
# without rdflib, as spdx3.py does.
spdx3: Any = load()


def encode(objects: v3_0_1.SHACLObjectSet) -> bytes:
    """The JSON-LD document, 2-space indented, UTF-8 (`backslashreplace`), with a newline."""
    if len(objects.objects) <= 1:  # no @graph: written as the single object it is
        return indented_json(
            spdx3.JSONLDSerializer().serialize_data(objects), errors="backslashreplace"
        )
    state = spdx3.EncodeState(objects)
    ref_counts: dict[Any, int] = {}

    def walk_callback(value: Any, path: list[str]) -> bool:  # SHACLObjectSet.encode's
        if not isinstance(value, spdx3.SHACLObject):
            return True
        if spdx3.is_blank_node(value._id):
            del value._id
        if value._id:
            state.add_refed(value)
        ref_counts[value] = ref_counts.get(value, 0) + 1
        if ref_counts[value] > 1:
            state.add_refed(value)
            return False
        return True

    members: set[Any] = objects.objects
    for o in members:
        if o._id:
            state.add_refed(o)
        o.walk(walk_callback)
    graph = sorted(members | state.ref_objects)
    state.written_objects.update(graph)  # referenced by id until its own turn in the graph

    def elements() -> Iterator[object]:
        for o in graph:
            state.written_objects.remove(o)
            element = spdx3.JSONLDEncoder()
            o.encode(element, state)
            yield element.data

    head = spdx3.JSONLDEncoder()
    with head.write_dict() as document:
        spdx3.encode_context(document, objects)
    data = {**head.data, "@graph": LazyList(len(graph), elements)}
    return indented_json(data, errors="backslashreplace")
