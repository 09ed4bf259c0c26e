"""The legal-review HTML page: one self-contained file that works offline and prints well.

Everything from the report goes through jinja2 autoescaping; the inline script and style are
static files whose sha256 hashes, computed here, are the only ones the page's
Content-Security-Policy allows, so markup smuggled into a name or a license text stays text.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timezone

import jinja2
from markupsafe import Markup

from licscan.model import (
    Component,
    ComponentKind,
    FileStatus,
    Finding,
    LicenseFile,
    LinkKind,
    LinkUse,
    ReleaseInfo,
    ReleaseSource,
    Report,
    Severity,
    Verdict,
)
from licscan.render.context import RenderContext, code_seen, text_identity
from licscan.render.jinja_env import environment
from licscan.resources import templates_dir

PAGE_TEMPLATE = "review.html.j2"
STYLE_FILE = "review/review.css"
SCRIPT_FILE = "review/review.js"

# (group id, heading, what it means), in page order
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("bundled", "Bundled", "code shipped in the installation: what users run and redistribute"),
    ("build-only", "Build-only", "object code under build/ only, for relinking; not installed"),
    ("system", "System", "taken from the operating system at run time; not distributed"),
    ("python", "Python packages", "distributions installed in site-packages"),
)
STATUS_CLASSES = {"pass": "pass", "needs review": "review", "fails policy": "fail"}

_SAFE_ID = re.compile(r"[A-Za-z0-9._-]+")
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
# text that would end or confuse an inline <script>/<style> element
_RAW_TEXT_HAZARD = re.compile(r"</?(script|style)|<!--", re.IGNORECASE)


def anchor(prefix: str, value: str) -> str:
    """A stable HTML id for `value`: readable when `value` is id-safe, else slug plus hash."""
    if _SAFE_ID.fullmatch(value):
        return f"{prefix}-{value}"
    slug = _UNSAFE_ID_CHARS.sub("-", value).strip("-")
    digest = hashlib.sha256(value.encode("utf-8", "backslashreplace")).hexdigest()[:8]
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"


def license_anchor(path: str) -> str:
    """`licenses/LICENSE.zlib.txt` -> `license-LICENSE.zlib.txt`; other paths get a hash."""
    name = path.removeprefix("licenses/")
    if name != path and _SAFE_ID.fullmatch(name):
        return f"license-{name}"
    return anchor("license", path)


def component_group(component: Component) -> str:
    if component.kind is ComponentKind.PYTHON_PACKAGE:
        return "python"
    return component.shipping.value


@dataclass(frozen=True)
class FileRef:
    """A component's license file and the anchor of its entry under License texts."""

    file: LicenseFile
    name: str
    target: str


@dataclass(frozen=True)
class ComponentRow:
    component: Component
    anchor: str
    search: str  # lower-case text the search box matches
    linkage: tuple[str, ...]
    code: tuple[str, ...]  # where its code was seen in installed binaries
    files: tuple[FileRef, ...]
    findings: tuple[tuple[Finding, str], ...]  # open findings with their anchors


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    description: str
    rows: tuple[ComponentRow, ...]


@dataclass(frozen=True)
class LicenseText:
    path: str
    anchor: str
    status: FileStatus
    text: str | None
    size: int | None
    sha256: str | None
    detail: str
    referenced_by: tuple[tuple[str, str], ...]  # (component name, component anchor)
    build_only_refs: tuple[str, ...]
    in_license_dir: bool
    identified: str = ""


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    anchor: str
    component: tuple[str, str] | None  # (name, anchor) when the component is in the inventory

    @property
    def evidence(self) -> tuple[str, ...]:
        """Each evidence line once, in order."""
        return tuple(dict.fromkeys(self.finding.evidence))


def _sorted_findings(verdict: Verdict) -> list[Finding]:
    """Open policy violations first, then by severity; waived findings last."""
    return sorted(
        verdict.findings,
        key=lambda f: (f.waiver is not None, not f.violates_policy, -f.severity.rank),
    )


def _linkage(component: Component) -> tuple[str, ...]:
    """One line per link kind, naming where the code is: the interpreter, an extension file,
    or the shared library shipped beside it."""
    lines = []
    for kind in component.link_kinds:
        if kind in (LinkKind.SYSTEM, LinkKind.FRAMEWORK, LinkKind.UNSPECIFIED):
            lines.append(str(kind))
            continue
        places = sorted({_place(u) for u in component.links if u.kind is kind})
        shown = ", ".join(places[:3]) + (f" +{len(places) - 3}" if len(places) > 3 else "")
        lines.append(f"{kind} ({shown})")
    return tuple(lines)


def _place(use: LinkUse) -> str:
    if use.kind is LinkKind.DYNAMIC and use.path:
        return posixpath.basename(use.path)
    return posixpath.basename(use.container) if use.container else "interpreter"


def _search_text(component: Component, group_title: str) -> str:
    parts = [
        component.name,
        component.key,
        component.version or "",
        group_title,
        component.concluded.expression,
        component.declared.expression,
        *component.used_by,
    ]
    return " ".join(p for p in parts if p).lower()


def _license_texts(report: Report, anchors: Mapping[str, str]) -> list[LicenseText]:
    inventory = report.inventory
    files: dict[str, LicenseFile] = {}
    owners: dict[str, list[tuple[str, str]]] = {}
    for component in inventory.components:
        for lf in component.license_files:
            files.setdefault(lf.path, lf)
            owners.setdefault(lf.path, []).append((component.name, anchors[component.key]))
    build_refs: dict[str, tuple[str, ...]] = {}
    for entry in inventory.license_dir:
        files[entry.file.path] = entry.file
        build_refs[entry.file.path] = entry.build_only_refs
        for key in entry.referenced_by:
            found = inventory.component(key)
            ref = (found.name, anchors[key]) if found else (key, "")
            if ref not in owners.setdefault(entry.file.path, []):
                owners[entry.file.path].append(ref)
    texts = []
    for path in sorted(set(files) | set(inventory.license_texts), key=_license_order):
        known = files.get(path)
        text = inventory.license_texts.get(path)
        texts.append(
            LicenseText(
                path=path,
                anchor=license_anchor(path),
                status=known.status if known else FileStatus.PRESENT,
                text=text,
                size=known.size
                if known
                else len(text.encode("utf-8", "backslashreplace"))
                if text is not None
                else None,
                sha256=known.sha256 if known else None,
                detail=known.detail if known else "",
                referenced_by=tuple(owners.get(path, ())),
                build_only_refs=build_refs.get(path, ()),
                in_license_dir=path in build_refs,
                identified=text_identity(known) if known else "",
            )
        )
    return texts


def _license_order(path: str) -> tuple[bool, str]:
    """python/licenses/ first, then dist-info and other texts."""
    return (not path.startswith("licenses/"), path)


def _release_text(release: ReleaseInfo) -> str:
    if release.tag:
        when = release.tag
    elif release.earliest or release.latest:
        when = f"between {release.earliest or '?'} and {release.latest or '?'}"
    else:
        when = "unknown"
    if release.source is ReleaseSource.UNKNOWN:
        return when
    return f"{when} (from the {release.source})"


def _groups(
    components: tuple[Component, ...], anchors: Mapping[str, str], findings: list[FindingView]
) -> list[Group]:
    """The component table's row groups, in GROUPS order, leaving out empty ones."""
    groups = []
    for group_id, title, description in GROUPS:
        rows = tuple(
            ComponentRow(
                component=c,
                anchor=anchors[c.key],
                search=_search_text(c, title),
                linkage=_linkage(c),
                code=tuple(code_seen(c)),
                files=tuple(
                    FileRef(lf, posixpath.basename(lf.path), license_anchor(lf.path))
                    for lf in c.license_files
                ),
                findings=tuple(
                    (v.finding, v.anchor)
                    for v in findings
                    if v.finding.component == c.key and v.finding.waiver is None
                ),
            )
            for c in components
            if component_group(c) == group_id
        )
        if rows:
            groups.append(Group(group_id, title, description, rows))
    return groups


def _size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit} ({size} bytes)"
        value /= 1024
    raise AssertionError("unreachable")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8", "backslashreplace")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _environment() -> jinja2.Environment:
    return environment(autoescape=True)


def _raw_text(name: str) -> str:
    """An inline style or script file, checked so it cannot end its element early."""
    source = (templates_dir() / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    if _RAW_TEXT_HAZARD.search(source):
        raise ValueError(f"templates/{name} must not contain '<script', '<style' or '<!--'")
    return source


def render(report: Report, context: RenderContext) -> bytes:
    """The review page as UTF-8 bytes; the same report and context give the same bytes."""
    inventory, verdict = report.inventory, report.verdict
    anchors = {c.key: anchor("component", c.key) for c in inventory.components}
    ordered = _sorted_findings(verdict)
    finding_views = [
        FindingView(
            finding=f,
            anchor=f"finding-{n}",
            component=(comp.name, anchors[comp.key])
            if f.component and (comp := inventory.component(f.component))
            else None,
        )
        for n, f in enumerate(ordered, start=1)
    ]
    texts = _license_texts(report, anchors)
    groups = _groups(inventory.components, anchors, finding_views)
    style, script = _raw_text(STYLE_FILE), _raw_text(SCRIPT_FILE)
    csp = (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    open_findings = [f for f in verdict.findings if f.waiver is None]
    counts = {sev.value: sum(f.severity is sev for f in open_findings) for sev in Severity}
    timestamp = context.timestamp.astimezone(timezone.utc)
    page = (
        _environment()
        .get_template(PAGE_TEMPLATE)
        .render(
            inventory=inventory,
            verdict=verdict,
            status_class=STATUS_CLASSES.get(verdict.status, "review"),
            counts=counts,
            waived=sum(f.waiver is not None for f in verdict.findings),
            findings=finding_views,
            groups=groups,
            component_total=sum(len(g.rows) for g in groups),
            license_texts=texts,
            release_text=_release_text(inventory.release),
            archive_size=_size_text(inventory.archive.size),
            generated_iso=timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            generated_text=timestamp.strftime("%Y-%m-%d %H:%M UTC"),
            tool_version=context.tool_version,
            csp=csp,
            style=Markup(style),  # static file, checked by _raw_text; never report data
            script=Markup(script),
        )
    )
    return page.encode("utf-8", "backslashreplace")
