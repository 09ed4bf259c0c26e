"""CycloneDX 1.6 JSON (format `cyclonedx`), written by licscan's own code and checked against
cyclonedx-python-lib.

The distribution is `metadata.component`; every inventory component is a component that it
depends on. Licenses: in CycloneDX 1.6 `licenses` is either a list of `license` objects or
exactly one `expression`, and an expression cannot carry text. So `licenses` holds the single
concluded SPDX expression (acknowledgement `declared` when licscan changed nothing, `concluded`
when it corrected the declaration; the declaration is then in `licscan:declared-license`), and
the license texts found in the archive go to `evidence.licenses` as named licenses (the file's
path) with the text attached base64-encoded: they are what licscan observed. PBS facts are
`licscan:*` properties. Output is byte-deterministic: the serial number is a uuid5 of the archive
sha256, bom-refs are the component keys, the timestamp comes from the RenderContext.

Why not the library at run time: importing cyclonedx-python-lib and serializing through
py-serializable's reflection costs about 0.07 s of CPU, most of a real-size archive's read.
This module writes what the library writes for the same facts (its keys in its order: sorted
by attribute name; its sorted sets: properties, hashes, evidence and dependencies sorted and
unique) and checks bom-refs and dependencies in one pass. `cyclonedx_library.py` builds the
same Bom with the library; `tests/render/test_sbom_writers.py` checks both give the same bytes
and that the library's strict JSON schema validator accepts them, on every golden scenario
and on random inventories.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from packageurl import PackageURL

from licscan.errors import OutputError
from licscan.judge import dispute_sources
from licscan.model import (
    Component,
    ComponentKind,
    FileStatus,
    Finding,
    Inventory,
    Report,
    Shipping,
)
from licscan.render import copyrights, identifiers
from licscan.render.context import RenderContext, code_seen, dispute_text, text_identity
from licscan.render.json_text import LazyList, given, indented_json

# Namespace for the BOM serial number: uuid5(this, archive sha256).
SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://licscan.invalid/cyclonedx")
DISTRIBUTION_REF = "distribution"
SCHEMA_URI = "http://cyclonedx.org/schema/bom-1.6.schema.json"

# ComponentType / ComponentScope values
TYPES = {
    ComponentKind.INTERPRETER: "application",
    ComponentKind.LIBRARY: "library",
    ComponentKind.RUNTIME: "library",
    ComponentKind.PYTHON_PACKAGE: "library",
}
SCOPES = {
    Shipping.BUNDLED: "required",
    Shipping.SYSTEM: "required",  # needed at run time, not distributed
    Shipping.BUILD_ONLY: "excluded",  # not reachable from the installation
}

Pairs = list[tuple[str, str | None]]


def component_ref(component: Component) -> str:
    return f"component:{component.key}"


def component_pairs(
    c: Component, findings: tuple[Finding, ...], notices: copyrights.Copyright
) -> Pairs:
    """The component's `licscan:*` properties as (name, value); an empty value is left out."""
    pairs: Pairs = [
        ("component-key", c.key),
        ("kind", c.kind.value),
        ("shipping", c.shipping.value),
        ("declared-license", c.declared.expression),
        ("version-source", c.version_source),
        ("copyright-source", notices.source),
    ]
    pairs += [("extension", e) for e in c.used_by]
    pairs += [("link-kind", k.value) for k in c.link_kinds]
    for u in c.links:
        pairs.append(("variant", f"{u.extension}/{u.variant}"))
        pairs.append(("link", f"{u.extension}/{u.variant}: {u.link or '-'} ({u.kind.value})"))
        pairs.append(("container", u.container or "interpreter-core"))
    pairs += [("correction", f"{k.code}: {k.declared} -> {k.concluded}") for k in c.corrections]
    pairs += [("license-file", f"{f.path} ({f.status.value})") for f in c.license_files]
    pairs += [
        ("license-text", f"{f.path}: {text_identity(f)}") for f in c.license_files if f.identified
    ]
    pairs += [("code-found-in", line) for line in code_seen(c)]
    pairs += [("member-sha256", f"{h.sha256}  {h.member}") for h in c.hashes]
    pairs += [("finding", f.id) for f in findings if f.component == c.key]
    pairs += [("note", n) for n in c.notes]
    for d in c.disputes:
        pairs.append(("license-dispute", dispute_text(d, sources=False)))
        pairs += [("license-dispute-source", line) for line in dispute_sources(d)]
    return pairs


def license_choice(c: Component) -> tuple[str, str] | None:
    """(expression, acknowledgement) of the component's `licenses`, None for none."""
    if c.concluded.expression in ("NOASSERTION", "NONE"):
        return None  # CycloneDX has no "unknown"; the declaration stays in the properties
    corrected = c.corrections or c.concluded.expression != c.declared.expression
    return c.concluded.expression, "concluded" if corrected else "declared"


def evidence_texts(c: Component, inventory: Inventory) -> list[tuple[str, str]]:
    """(path, base64 text) of each license text of the component the archive has."""
    observed = []
    for f in c.license_files:
        text = inventory.license_texts.get(f.path)
        if f.status is not FileStatus.PRESENT or text is None:
            continue
        content = base64.b64encode(text.encode("utf-8", "backslashreplace")).decode("ascii")
        observed.append((f.path, content))
    return observed


def origin_properties(inv: Inventory) -> Pairs:
    """What held the installation: the image (reference, digest, platform, layers) or the
    executable and the offset of the archive inside it."""
    origin = inv.archive.origin
    if origin is None:
        return []
    if origin.offset is not None:
        return [
            ("executable", origin.name),
            ("embedded-offset", str(origin.offset)),
            ("embedded-compression", origin.compression),
        ]
    return [
        ("image", origin.name),
        ("image-digest", origin.digest),
        ("image-platform", origin.platform),
        *((f"image-layer-{la.index}", la.digest) for la in origin.layers),
    ]


def distribution_pairs(report: Report, notices: copyrights.Copyright) -> Pairs:
    inv, verdict = report.inventory, report.verdict
    rel = inv.release
    pairs: Pairs = [
        ("target-triple", inv.target_triple),
        ("build-options", inv.build_options),
        ("flavor", inv.flavor.value),
        ("release", rel.tag),
        ("release-earliest", rel.earliest),
        ("release-latest", rel.latest),
        ("release-source", rel.source.value),
        ("archive", inv.archive.file_name),
        ("container", inv.archive.container.value),
        ("archive-size", str(inv.archive.size)),
        *origin_properties(inv),
        ("verdict", verdict.status),
        ("policy", verdict.policy_name),
    ]
    pairs += [("system-library", f"{s.name} ({s.kind.value})") for s in inv.system_libraries]
    pairs += [
        ("build-only-variant", f"{b.extension}/{b.variant}: {b.license.expression}")
        for b in inv.build_only_variants
    ]
    pairs += [("finding", f.id) for f in verdict.findings if f.component is None]
    pairs += [
        ("violation", f"{f.id} ({f.component or 'distribution'})") for f in verdict.violations
    ]
    pairs += [("note", n) for n in inv.notes]
    pairs.append(("copyright-source", notices.source))
    return pairs


def distribution_description(inv: Inventory) -> str:
    return f"python-build-standalone {inv.flavor.value} archive {inv.archive.file_name}"


def dependency_edges(model: tuple[Component, ...]) -> list[tuple[str, list[str]]]:
    """bom-ref -> the bom-refs it depends on. The distribution depends on CPython and on what
    nothing links (Python packages, runtimes, build-only code); CPython depends on every
    library its installed extensions link (bundled or the system's) and on the copies in its
    own source tree. How it links each one is the component's `licscan:link-kind` property
    (SPDX says it as STATIC_LINK / DYNAMIC_LINK)."""
    interpreter = next((c for c in model if c.kind is ComponentKind.INTERPRETER), None)
    if interpreter is None:
        return [(DISTRIBUTION_REF, [component_ref(c) for c in model])]
    linked = [
        c
        for c in model
        if c is not interpreter
        and (
            c.key.startswith("cpython/")
            or c.shipping is Shipping.SYSTEM
            or any(u.variant == "default" for u in c.links)
        )
    ]
    linked_keys = {c.key for c in linked}
    top = [component_ref(c) for c in model if c.key not in linked_keys]
    return [
        (DISTRIBUTION_REF, top),
        (component_ref(interpreter), [component_ref(c) for c in linked]),
    ]


def _absent_last(value: str | None) -> tuple[bool, str]:
    return (value is None, value or "")


def order_key(
    kind: str, group: str | None, name: str, version: str | None, ref: str | None
) -> tuple[object, ...]:
    """Where a component goes in the Bom's sorted set: `Component.__lt__` compares type, group,
    name, version and bom-ref first (None after any value; an empty bom-ref is None); bom-refs
    are unique, so nothing after them ever decides."""
    return (kind, _absent_last(group), name, _absent_last(version), _absent_last(ref or None))


# What the library writes: keys sorted by attribute name, sets sorted and unique, empty
# lists and None left out.


def _properties(pairs: Iterable[tuple[str, str | None]]) -> list[dict[str, str]]:
    unique = sorted({(f"licscan:{name}", value) for name, value in pairs if value})
    return [{"name": name, "value": value} for name, value in unique]


def _hashes(values: Iterable[str]) -> list[dict[str, str]]:
    return [{"alg": "SHA-256", "content": v} for v in sorted(set(values))]


def _purl(text: str) -> str:
    """As the library writes the PackageURL it is given (parsed, then written again)."""
    return str(PackageURL.from_string(text).to_string())


def _component(c: Component, report: Report) -> dict[str, Any]:
    inv = report.inventory
    notices = copyrights.copyright_of(c, inv)
    choice = license_choice(c)
    texts = sorted(set(evidence_texts(c, inv)))
    evidence = {
        "licenses": [
            {
                "license": {
                    "name": path,
                    "text": {"content": content, "contentType": "text/plain", "encoding": "base64"},
                }
            }
            for path, content in texts
        ]
    }
    return given(
        [
            ("bom-ref", component_ref(c)),
            ("copyright", notices.text if notices.known else None),
            ("cpe", identifiers.cpe(c)),
            ("evidence", evidence if texts else None),
            ("hashes", _hashes(h.sha256 for h in c.hashes)),
            (
                "licenses",
                [{"acknowledgement": choice[1], "expression": choice[0]}] if choice else [],
            ),
            ("name", c.name),
            ("properties", _properties(component_pairs(c, report.verdict.findings, notices))),
            ("purl", _purl(identifiers.component_purl(c))),
            ("scope", SCOPES[c.shipping]),
            ("supplier", {"name": identifiers.supplier(c)}),
            ("type", TYPES[c.kind]),
            ("version", identifiers.version_label(c, inv)),
        ]
    )


def _distribution(report: Report) -> dict[str, Any]:
    inv = report.inventory
    notices = copyrights.distribution_copyright(inv)
    return given(
        [
            ("bom-ref", DISTRIBUTION_REF),
            ("copyright", notices.text if notices.known else None),
            ("description", distribution_description(inv)),
            ("hashes", _hashes([inv.archive.sha256])),
            ("name", "cpython"),
            ("properties", _properties(distribution_pairs(report, notices))),
            ("purl", _purl(identifiers.distribution_purl(inv))),
            ("supplier", {"name": identifiers.distribution_supplier()}),
            ("type", "platform"),
            ("version", inv.python_version or "unknown"),
        ]
    )


def fail(problem: str) -> OutputError:
    return OutputError(
        f"the CycloneDX document licscan built is not valid ({problem}); please report this"
    )


def document(report: Report, context: RenderContext) -> dict[str, Any]:
    """The Bom as the JSON data the library writes, each component built as it is written;
    bom-refs unique and every dependency naming a component, or an OutputError."""
    inv = report.inventory
    model = sorted(
        inv.components,
        key=lambda c: order_key(
            TYPES[c.kind], None, c.name, identifiers.version_label(c, inv), component_ref(c)
        ),
    )
    refs = [DISTRIBUTION_REF, *(component_ref(c) for c in model)]
    known = set(refs)
    if len(known) != len(refs):
        raise fail("a bom-ref is missing or not unique")
    depends: dict[str, list[str]] = {}
    for source, targets in dependency_edges(inv.components):
        if unknown := next((r for r in (source, *targets) if r not in known), None):
            raise fail(f"a dependency names {unknown!r}, which is no component")
        depends[source] = sorted(set(targets))

    def components() -> Iterator[object]:
        return (_component(c, report) for c in model)

    def dependencies() -> Iterator[object]:
        for ref in sorted(known):
            yield given([("dependsOn", depends.get(ref, [])), ("ref", ref)])

    tool = {"name": "licscan", "type": "application", "version": context.tool_version}
    data: dict[str, Any] = {}
    if model:  # the library leaves empty lists out
        data["components"] = LazyList(len(model), components)
    data["dependencies"] = LazyList(len(known), dependencies)
    data["metadata"] = {
        "component": _distribution(report),
        "lifecycles": [{"phase": "post-build"}],
        "supplier": {"name": identifiers.distribution_supplier()},
        "timestamp": context.timestamp.isoformat(),
        "tools": {"components": [tool]},
    }
    data["serialNumber"] = uuid.uuid5(SERIAL_NAMESPACE, inv.archive.identity).urn
    data["version"] = 1
    data.update({"$schema": SCHEMA_URI, "bomFormat": "CycloneDX", "specVersion": "1.6"})
    return data


def render(report: Report, context: RenderContext) -> bytes:
    """CycloneDX 1.6 JSON, ASCII, 2-space indented, with a trailing newline: the components
    built, written and dropped one at a time."""
    return indented_json(document(report, context), ensure_ascii=True)
