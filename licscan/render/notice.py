"""The NOTICE text (format `notice`): third-party notices a reviewer can hand to a customer.

The header names the distribution, the verdict and every error or copyleft finding; then each
distributed component with its license and the license texts found in the archive. Each text is
printed once; later components that share it refer back to the first one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import jinja2

from licscan.model import (
    Component,
    ComponentKind,
    FileStatus,
    Finding,
    Inventory,
    LicenseFile,
    ReleaseInfo,
    ReleaseSource,
    Report,
    Severity,
    Shipping,
    Verdict,
)
from licscan.render.context import RenderContext, code_seen
from licscan.render.json import iso_timestamp
from licscan.resources import templates_dir

TEMPLATE = "NOTICE.txt.j2"


@dataclass(frozen=True)
class TextBlock:
    """One license file of a component: its text, or why it is not printed here."""

    path: str
    text: str | None  # printed at this place
    note: str = ""  # "printed above under tcl", "missing from the archive", ...
    identified: str = ""  # what licenseclassifier recognized the text as


@dataclass(frozen=True)
class Entry:
    """A component section of the notice."""

    title: str
    facts: tuple[tuple[str, str], ...]
    texts: tuple[TextBlock, ...] = ()


@dataclass
class _Printed:
    """Which texts are already printed, by content, and under which component."""

    first: dict[str, tuple[str, str]] = field(default_factory=dict)  # text -> (title, path)

    def block(self, file: LicenseFile, texts: Mapping[str, str], title: str) -> TextBlock:
        if file.status is FileStatus.MISSING:
            return TextBlock(
                file.path, None, "referenced by the metadata but missing from the archive"
            )
        text = texts.get(file.path)
        if text is None or not text.strip():
            why = file.detail or f"the file is {file.status.value}"
            return TextBlock(file.path, None, f"not reproduced: {why}")
        seen = self.first.get(text)
        if seen is not None:
            where = seen[1] if seen[1] == file.path else f"{seen[1]}, identical"
            return TextBlock(
                file.path, None, f"same text as printed above under {seen[0]} ({where})"
            )
        self.first[text] = (title, file.path)
        identified = ", ".join(file.identified) if file.identified_whole else ""
        return TextBlock(file.path, text.rstrip() + "\n", identified=identified)


def describe_release(release: ReleaseInfo) -> str:
    """The PBS release and how licscan knows it, in words."""
    how = {
        ReleaseSource.FILE_NAME: "from the archive file name",
        ReleaseSource.CONTENTS: "inferred from the archive contents",
        ReleaseSource.UNKNOWN: "not determined",
    }[release.source]
    if release.tag is not None:
        what = release.tag
    elif release.earliest and release.latest and release.earliest != release.latest:
        what = f"between {release.earliest} and {release.latest}"
    elif release.earliest or release.latest:
        what = (
            f"{release.earliest} or later" if release.earliest else f"{release.latest} or earlier"
        )
    else:
        what = "unknown"
    detail = f"; {release.detail}" if release.detail else ""
    return f"{what} ({how}{detail})"


def describe_verdict(verdict: Verdict) -> str:
    if verdict.violations:
        n = len(verdict.violations)
        return f'fails policy "{verdict.policy_name}" ({n} violation{"s" if n != 1 else ""})'
    open_findings = [
        f for f in verdict.findings if f.severity is not Severity.INFO and not f.waiver
    ]
    if open_findings:
        return f"needs review ({len(open_findings)} open finding(s))"
    return f'pass (policy "{verdict.policy_name}")'


def is_copyleft(finding: Finding) -> bool:
    """A finding about GPL or other copyleft code, by its id or its license."""
    words = f"{finding.id} {finding.license or ''}".lower()
    return "gpl" in words or "copyleft" in words


def _headline_finding(f: Finding) -> str:
    where = ", ".join(x for x in (f.component, f.license) if x)
    line = f"[{f.severity.value}] {f.id}{f' ({where})' if where else ''}: {f.message}"
    if f.waiver is not None:
        until = f" until {f.waiver.expires}" if f.waiver.expires else ""
        line += f" [waived{until}: {f.waiver.reason}]"
    return line


def _title(c: Component) -> str:
    return f"{c.name} {c.version}" if c.version else f"{c.name} (version unknown)"


def _usage(c: Component) -> str:
    parts = []
    for ext, variant in sorted({(u.extension, u.variant) for u in c.links}):
        uses = [u for u in c.links if (u.extension, u.variant) == (ext, variant)]
        kinds = "/".join(sorted({u.kind.value for u in uses}))
        if variant != "default":
            parts.append(f"{ext} (variant {variant}, {kinds}, under python/build/ only)")
            continue
        places = sorted({u.container or "the interpreter core" for u in uses})
        parts.append(f"{ext} ({kinds}, in {', '.join(places)})")
    return "; ".join(parts)


def _entry(c: Component, inv: Inventory, printed: _Printed, findings: list[Finding]) -> Entry:
    title = _title(c)
    facts: list[tuple[str, str]] = [("License", c.concluded.expression)]
    if c.concluded.expression != c.declared.expression:
        facts.append(("Declared", c.declared.expression))
    for corr in c.corrections:
        facts.append(("Correction", f"{corr.code}: {corr.message}"))
    if c.kind is not ComponentKind.PYTHON_PACKAGE and c.links:
        facts.append(("Used by", _usage(c)))
    if seen := code_seen(c):
        facts.append(("Code found in", "; ".join(seen)))
    ids = sorted({f.id for f in findings if f.component == c.key})
    if ids:
        facts.append(("Findings", ", ".join(ids)))
    texts = tuple(printed.block(f, inv.license_texts, c.name) for f in c.license_files)
    if not texts:
        facts.append(("License text", "none referenced by the archive's metadata"))
    return Entry(title, tuple(facts), texts)


def notice_context(report: Report, context: RenderContext) -> dict[str, object]:
    """What the template shows, computed here so the template only lays it out."""
    inv, verdict = report.inventory, report.verdict
    findings = list(verdict.findings)
    printed = _Printed()

    def entries(kinds: set[ComponentKind], shipping: Shipping) -> list[Entry]:
        chosen = [c for c in inv.components if c.kind in kinds and c.shipping is shipping]
        return [_entry(c, inv, printed, findings) for c in chosen]

    native = {ComponentKind.INTERPRETER, ComponentKind.LIBRARY, ComponentKind.RUNTIME}
    bundled = entries(native, Shipping.BUNDLED)
    packages = entries({ComponentKind.PYTHON_PACKAGE}, Shipping.BUNDLED)
    build_only = entries(set(ComponentKind), Shipping.BUILD_ONLY)
    missing = [
        (f.path, c.name, f.status.value)
        for c in inv.components
        for f in c.license_files
        if f.status is not FileStatus.PRESENT
    ]
    distribution = f"CPython {inv.python_version or '(version unknown)'}"
    target = inv.target_triple or "an unknown target"
    header = [
        ("Distribution", f"{distribution}, python-build-standalone {inv.flavor.value} archive"),
        ("Target", inv.target_triple or "unknown"),
        ("Build options", inv.build_options or "unknown"),
        ("Release", describe_release(inv.release)),
        (
            "Archive",
            f"{inv.archive.file_name} ({inv.archive.container.value}, {inv.archive.size} bytes)",
        ),
        ("SHA-256", inv.archive.sha256),
        ("Verdict", describe_verdict(verdict)),
        ("Generated", f"licscan {context.tool_version}, {iso_timestamp(context.timestamp)}"),
    ]
    headline = [f for f in findings if f.severity is Severity.ERROR or is_copyleft(f)]
    return {
        "title": f"THIRD-PARTY NOTICES: {distribution} for {target}",
        "header": header,
        "headline_findings": [_headline_finding(f) for f in headline],
        "copyleft_ids": sorted({f.id for f in headline if is_copyleft(f)}),
        "notes": list(inv.notes),
        "summary": [(_title(c), c.shipping.value, c.concluded.expression) for c in inv.components],
        "bundled": bundled,
        "packages": packages,
        "build_only": build_only,
        "build_only_variants": [
            (f"{b.extension}/{b.variant}", b.license.expression) for b in inv.build_only_variants
        ],
        "system": [
            (_title(c), c.concluded.expression, ", ".join(c.used_by) or "-")
            for c in inv.components
            if c.shipping is Shipping.SYSTEM
        ],
        "system_libraries": [
            (s.name, s.kind.value, ", ".join(s.used_by) or "-") for s in inv.system_libraries
        ],
        "missing": missing,
        "unreferenced": [e.file.path for e in inv.unreferenced_license_files],
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=False,  # plain text, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(report: Report, context: RenderContext) -> bytes:
    """The NOTICE file as UTF-8 text."""
    text = _environment().get_template(TEMPLATE).render(notice_context(report, context))
    return text.encode("utf-8")
