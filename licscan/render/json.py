"""The licscan JSON document (`licscan scan --json`, format `json`).

A stable structure with a fixed key order, documented key by key in `data/inventory-schema.md`.
`to_document(report)` builds the dict, `render` writes it; lists keep the model's order.
"""

from __future__ import annotations

from licscan.model import (
    ArchiveSummary,
    AssetName,
    Component,
    Finding,
    Inventory,
    JSONValue,
    License,
    LicenseDispute,
    LicenseFile,
    LicenseReading,
    Origin,
    PythonJson,
    ReleaseInfo,
    Report,
    Waiver,
)
from licscan.render.context import RenderContext, iso_timestamp
from licscan.render.identifiers import component_purl
from licscan.render.json_text import indented_json

SCHEMA = "licscan/inventory/1"

JSONObject = dict[str, JSONValue]


def _license(lic: License) -> JSONObject:
    return {
        "expression": lic.expression,
        "written": None if lic.written is None else list(lic.written),
        "public_domain": lic.public_domain,
        "invalid": list(lic.invalid),
        "deprecated": [{"written": w, "current": c} for w, c in lic.deprecated],
    }


def _license_file(file: LicenseFile) -> JSONObject:
    return {
        "path": file.path,
        "member": file.member,
        "status": file.status.value,
        "sha256": file.sha256,
        "size": file.size,
        "detail": file.detail,
        "identified": list(file.identified),
        "identified_whole": file.identified_whole,
    }


def _component(component: Component, findings: tuple[Finding, ...]) -> JSONObject:
    return {
        "key": component.key,
        "name": component.name,
        "kind": component.kind.value,
        "shipping": component.shipping.value,
        "version": component.version,
        "version_source": component.version_source,
        "purl": component_purl(component),
        "declared": _license(component.declared),
        "concluded": _license(component.concluded),
        "used_by": list(component.used_by),
        "link_kinds": [k.value for k in component.link_kinds],
        "links": [
            {
                "extension": u.extension,
                "variant": u.variant,
                "link": u.link,
                "kind": u.kind.value,
                "path": u.path,
                "path_present": u.path_present,
                "container": u.container,
            }
            for u in component.links
        ],
        "license_files": [_license_file(f) for f in component.license_files],
        "hashes": [{"member": h.member, "sha256": h.sha256} for h in component.hashes],
        "corrections": [
            {
                "code": c.code,
                "message": c.message,
                "declared": c.declared,
                "concluded": c.concluded,
                "evidence": list(c.evidence),
            }
            for c in component.corrections
        ],
        "findings": [f.id for f in findings if f.component == component.key],
        "notes": list(component.notes),
        "sightings": [
            {
                "member": s.member,
                "family": s.family,
                "version": s.version,
                "installed": s.installed,
                "evidence": list(s.evidence),
            }
            for s in component.sightings
        ],
        "disputes": [dispute_object(d) for d in component.disputes],
    }


def _reading(reading: LicenseReading) -> JSONObject:
    return {
        "license": reading.expression,
        "basis": reading.basis,
        "sources": [
            {"document": s.document, "url": s.url or None, "says": s.says} for s in reading.sources
        ],
    }


def dispute_object(dispute: LicenseDispute) -> JSONObject:
    """A license dispute: the reading of the shipped text, the other reading, their sources."""
    return {
        "id": dispute.id,
        "versions": list(dispute.versions),
        "version_known": dispute.version_known,
        "summary": dispute.summary,
        "shipped": _reading(dispute.shipped),
        "other": _reading(dispute.other),
    }


def _release(release: ReleaseInfo) -> JSONObject:
    return {
        "tag": release.tag,
        "earliest": release.earliest,
        "latest": release.latest,
        "source": release.source.value,
        "known": release.known,
        "detail": release.detail,
    }


def _archive(archive: ArchiveSummary) -> JSONObject:
    return {
        "file_name": archive.file_name,
        "container": archive.container.value,
        "sha256": archive.sha256,
        "size": archive.size,
        "root": archive.root,
        "member_count": archive.member_count,
        "max_mtime": archive.max_mtime,
        "origin": origin_object(archive.origin),
    }


def origin_object(origin: Origin | None) -> JSONObject | None:
    """What held the installation: an image (reference, digest, platform, the layers its files
    came from) or an executable (the offset and compression of the embedded archive)."""
    if origin is None:
        return None
    return {
        "kind": origin.kind.value,
        "name": origin.name,
        "digest": origin.digest,
        "platform": origin.platform,
        "layers": [
            {"index": la.index, "digest": la.digest, "media_type": la.media_type, "size": la.size}
            for la in origin.layers
        ],
        "offset": origin.offset,
        "compression": origin.compression,
        "embedded_sha256": origin.embedded_sha256,
        "description": origin.describe(),
    }


def _asset(asset: AssetName | None) -> JSONObject | None:
    if asset is None:
        return None
    return {
        "file_name": asset.file_name,
        "python_version": asset.python_version,
        "triple": asset.triple,
        "build_options": asset.build_options,
        "flavor": asset.flavor,
        "release": asset.release,
        "build_stamp": asset.build_stamp,
        "freethreaded": asset.freethreaded,
    }


def _python_json(meta: PythonJson | None) -> JSONObject | None:
    if meta is None:
        return None
    return {
        "format_version": meta.format_version,
        "os": meta.os,
        "arch": meta.arch,
        "optimizations": meta.optimizations,
        "libpython_link_mode": meta.libpython_link_mode,
        "crt_features": list(meta.crt_features),
        "python_tag": meta.python_tag,
        "python_platform_tag": meta.python_platform_tag,
        "licenses": None if meta.licenses is None else list(meta.licenses),
        "license_path": meta.license_path,
        "unknown_keys": list[JSONValue](sorted(meta.unknown_keys)),
    }


def _distribution(inv: Inventory) -> JSONObject:
    return {
        "python_version": inv.python_version,
        "target_triple": inv.target_triple,
        "build_options": inv.build_options,
        "flavor": inv.flavor.value,
        "partial": inv.partial,
        "release": _release(inv.release),
        "archive": _archive(inv.archive),
        "asset": _asset(inv.asset),
        "python_json": _python_json(inv.metadata),
    }


def generator_object(context: RenderContext | None) -> JSONObject:
    """Which tool wrote a document, and when (every licscan JSON document has it)."""
    return {
        "name": "licscan",
        "version": None if context is None else context.tool_version,
        "timestamp": None if context is None else iso_timestamp(context.timestamp),
    }


def waiver_object(waiver: Waiver | None) -> JSONObject | None:
    """A policy waiver as JSON (the inventory and the check documents share it)."""
    if waiver is None:
        return None
    return {
        "component": waiver.component,
        "finding": waiver.finding,
        "reason": waiver.reason,
        "expires": waiver.expires,
    }


def finding_object(finding: Finding) -> JSONObject:
    """A finding as JSON (the inventory and the check documents share it)."""
    return {
        "id": finding.id,
        "severity": finding.severity.value,
        "component": finding.component,
        "message": finding.message,
        "evidence": list(finding.evidence),
        "remedy": finding.remedy,
        "license": finding.license,
        "violates_policy": finding.violates_policy,
        "waiver": waiver_object(finding.waiver),
    }


def to_document(report: Report, context: RenderContext | None = None) -> JSONObject:
    """The whole report as plain JSON values, keys in the documented order."""
    inv, verdict = report.inventory, report.verdict
    return {
        "schema": SCHEMA,
        "generator": generator_object(context),
        "distribution": _distribution(inv),
        "verdict": {
            "status": verdict.status,
            "passed": verdict.passed,
            "policy": verdict.policy_name,
            "violations": [{"id": f.id, "component": f.component} for f in verdict.violations],
            "expired_waivers": [waiver_object(w) for w in verdict.expired_waivers],
        },
        "components": [_component(c, verdict.findings) for c in inv.components],
        "system_libraries": [
            {"name": s.name, "kind": s.kind.value, "used_by": list(s.used_by)}
            for s in inv.system_libraries
        ],
        "license_dir": [
            {
                **_license_file(e.file),
                "referenced_by": list(e.referenced_by),
                "build_only_refs": list(e.build_only_refs),
            }
            for e in inv.license_dir
        ],
        "build_only_variants": [
            {"extension": b.extension, "variant": b.variant, "license": _license(b.license)}
            for b in inv.build_only_variants
        ],
        "evidence": [{"member": e.member, "what": e.what, "value": e.value} for e in inv.evidence],
        "binaries": [
            {
                "member": b.member,
                "format": b.format,
                "architectures": list(b.architectures),
                "needed": list(b.needed),
                "code": [
                    {"family": m.family, "version": m.version, "evidence": list(m.evidence)}
                    for m in b.matches
                ],
                "complete": b.complete,
                "note": b.note,
            }
            for b in inv.binaries
        ],
        "disagreements": [
            {
                "kind": d.kind.value,
                "component": d.component,
                "declared": d.declared,
                "found": d.found,
                "evidence": list(d.evidence),
            }
            for d in inv.disagreements
        ],
        "stripped": None
        if inv.stripped is None
        else {
            "manifest": inv.stripped.member,
            "extensions": list(inv.stripped.extensions),
            "components": list(inv.stripped.components),
            "removed": list(inv.stripped.removed),
            "reasons": list(inv.stripped.reasons),
        },
        "notes": list(inv.notes),
        "findings": [finding_object(f) for f in verdict.findings],
    }


def render(report: Report, context: RenderContext) -> bytes:
    """The JSON document, 2-space indented, UTF-8, with a trailing newline."""
    return indented_json(to_document(report, context), errors="backslashreplace")
