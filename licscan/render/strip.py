"""`licscan strip`: what to remove from a judged distribution, or why it cannot be removed.

Only code that is a file of its own can go: an extension module's shared library
(`lib-dynload/_dbm*.so` since PBS 20251031, a `.pyd` on Windows) with the object files, static
and shared libraries only it uses and the license texts only it references. Code compiled into
libpython or the python executable cannot be cut out of a binary: that is refused with the
reason and the remedy licscan knows. `write.py` writes the new distribution from the plan.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from licscan.errors import UsageError
from licscan.inventory import STRIP_MANIFEST_FORMAT
from licscan.model import (
    Component,
    ExtensionVariant,
    Inventory,
    LinkKind,
    LinkUse,
    Member,
    MemberKind,
    PythonJson,
    Report,
    Shipping,
)
from licscan.pbs import timeline
from licscan.read import layout
from licscan.version import __version__

# Findings about a license that removing the code answers; removed when they violate the policy,
# and the source offer and the dispute always (README "Stripping code out").
LICENSE_FINDINGS = (
    "gpl-in-interpreter",
    "gpl-build-only",
    "denied-license",
    "copyleft",
    "weak-copyleft",
    "source-offer",
    "disputed-license",
)
ALWAYS_REMOVED = ("source-offer", "disputed-license")


@dataclass(frozen=True)
class Removal:
    """One extension module taken out, the components whose code it carries, and its files."""

    extension: str
    components: tuple[str, ...]
    members: tuple[str, ...]  # in the python/ view, sorted
    why: str


@dataclass(frozen=True)
class StripPlan:
    removals: tuple[Removal, ...]
    root: str  # the installation's root in the container
    drop: frozenset[str]  # container member names not copied
    manifest_member: str  # container name of python/LICSCAN-STRIPPED.json
    python_json_member: str | None  # container name of PYTHON.json to edit (full archives)
    manifest: bytes

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(r.extension for r in self.removals)


def container_name(view_name: str, root: str) -> str:
    """A member's name in the container, from its name in the python/ view."""
    rest = view_name.removeprefix("python/")
    return rest if root == "" else f"{root}/{rest}"


def targets(report: Report, remove: Sequence[str]) -> list[Component]:
    """The components to take out: those named (component keys or extension names), else those
    whose license findings violate the policy, plus source offers and disputed licenses."""
    inventory = report.inventory
    if remove:
        chosen: list[Component] = []
        for ident in remove:
            found = [c for c in inventory.components if ident in (c.key, *c.used_by)]
            if not found:
                known = sorted({c.key for c in inventory.components if c.links})
                raise UsageError(
                    f"--remove {ident}: no component or extension of that name in this "
                    f"distribution; components with extensions: {', '.join(known) or 'none'}"
                )
            chosen += [c for c in found if c not in chosen]
        return chosen
    keys = {
        f.component
        for f in report.verdict.findings
        if f.component
        and f.id in LICENSE_FINDINGS
        and f.waiver is None
        and (f.violates_policy or f.id in ALWAYS_REMOVED)
    }
    return [c for c in inventory.components if c.key in keys]


def _installed_uses(component: Component) -> list[LinkUse]:
    return [
        u
        for u in component.links
        if u.variant == "default" and u.kind not in (LinkKind.SYSTEM, LinkKind.FRAMEWORK)
    ]


def _refusal(component: Component, inventory: Inventory) -> str | None:
    """Why the component's code cannot be removed (None: every use is a separate file)."""
    what = f"{component.name} ({component.concluded.expression})"
    if component.shipping is Shipping.SYSTEM:
        return f"{what} is taken from the operating system: the archive does not ship it"
    uses = _installed_uses(component)
    if component.shipping is Shipping.BUILD_ONLY:
        return (
            f"{what} is object code under build/ only, not an extension module; remedy: "
            "distribute the install_only archive (python/install/ only)"
        )
    inside = sorted({u.extension for u in uses if u.container is None})
    if uses and not inside:
        return None
    era = timeline.era_for(component.key)
    modules = ", ".join(inside) or "its code"
    why = (
        f"{modules} is compiled into libpython / the python executable, not a separate file"
        if inside
        else "licscan does not know which file carries its code (no link metadata)"
    )
    if component.key == "bdb":
        remedy = (
            f"use a PBS release from {timeline.DBM_SHARED_RELEASE} or later, where _dbm is a "
            "separate lib-dynload file licscan strip can remove"
        )
    else:
        terms = "the GPL" if era is not None else f"its license ({component.concluded.expression})"
        remedy = timeline.gpl_remedy(era, "/".join(inside) or component.key, None, terms)
        remedy = remedy[0].lower() + remedy[1:].rstrip(".")
        libedit = [
            v
            for v in inventory.build_only_variants
            if v.extension in inside and v.variant != "default"
        ]
        if libedit:
            remedy += (
                f"; the {libedit[0].variant} variant ({libedit[0].extension}"
                f"[variant={libedit[0].variant}]) is only object code under build/: relinking "
                "with it means rebuilding"
            )
    return f"{what}: {why}, so it cannot be removed; remedy: {remedy}"


def _variant_files(variant: ExtensionVariant) -> set[str]:
    files = set(variant.objs)
    files.update(p for p in (variant.shared_lib, variant.static_lib) if p)
    files.update(link.path for link in variant.links if link.path)
    return files


def _metadata_files(
    metadata: PythonJson, extensions: set[str], names: frozenset[str]
) -> tuple[dict[str, set[str]], set[str]]:
    """Per removed extension, its files no remaining code uses; and the license texts only the
    removed extensions reference (paths relative to python/)."""
    kept_files: set[str] = set(metadata.core.objs)
    kept_files.update(p for p in (metadata.core.shared_lib, metadata.core.static_lib) if p)
    kept_files.update(link.path for link in metadata.core.links if link.path)
    kept_licenses = {metadata.license_path} if metadata.license_path else set()
    for variant in metadata.extensions:
        if variant.extension not in extensions:
            kept_files |= _variant_files(variant)
            kept_licenses.update(variant.license_paths or ())
    files: dict[str, set[str]] = {}
    licenses: set[str] = set()
    for variant in metadata.extensions:
        if variant.extension in extensions:
            own = _variant_files(variant) - kept_files
            if variant.variant != "default":
                own.add(f"build/Modules/VARIANT-{variant.extension}-{variant.variant}.data")
            files.setdefault(variant.extension, set()).update(
                p for p in own if f"python/{p}" in names
            )
            licenses.update(
                p
                for p in variant.license_paths or ()
                if p not in kept_licenses and f"python/{p}" in names
            )
    return files, licenses


def plan_strip(report: Report, members: Sequence[Member], remove: Sequence[str] = ()) -> StripPlan:
    """What to remove from the installation whose members (python/ view) are `members`;
    UsageError (exit 2, nothing written) when it cannot be done."""
    inventory = report.inventory
    chosen = targets(report, remove)
    if not chosen:
        raise UsageError(
            "nothing to strip: no extension module of this distribution brings a license the "
            "policy denies, a source offer or a disputed license (name one with --remove)"
        )
    refusals = [r for c in chosen if (r := _refusal(c, inventory)) is not None]
    if refusals:
        raise UsageError("cannot strip: " + "; ".join(refusals) + ". Nothing written.")
    by_extension: dict[str, list[Component]] = {}
    containers: dict[str, set[str]] = {}
    for component in chosen:
        for use in _installed_uses(component):
            by_extension.setdefault(use.extension, []).append(component)
            containers.setdefault(use.extension, set()).add(f"python/{use.container}")
    names = frozenset(m.name for m in members)
    licenses: set[str] = set()
    if inventory.metadata is not None:
        own, licenses = _metadata_files(inventory.metadata, set(by_extension), names)
        for extension, paths in own.items():
            containers.setdefault(extension, set()).update(f"python/{p}" for p in paths)
    removals = []
    for extension in sorted(by_extension):
        keys = tuple(dict.fromkeys(c.key for c in by_extension[extension]))
        why = "; ".join(
            f"{c.name} ({c.concluded.expression}"
            + "".join(f"; disputed: {d.other.expression}" for d in c.disputes)
            + ")"
            for c in by_extension[extension]
        )
        files = tuple(sorted(m for m in containers[extension] if m in names))
        removals.append(Removal(extension, keys, files, f"{extension} carries {why}"))
    view_drop = {m for r in removals for m in r.members} | {f"python/{p}" for p in licenses}
    view_drop |= _dangling_links(members, view_drop)
    root = inventory.archive.root
    manifest = _manifest(report, removals, sorted(view_drop), sorted(licenses))
    return StripPlan(
        removals=tuple(removals),
        root=root,
        drop=frozenset(container_name(n, root) for n in view_drop),
        manifest_member=container_name(layout.STRIP_MANIFEST, root),
        python_json_member=container_name(layout.PYTHON_JSON, root)
        if inventory.metadata is not None
        else None,
        manifest=manifest,
    )


def _dangling_links(members: Sequence[Member], dropped: set[str]) -> set[str]:
    """Symbolic links to removed members (they would dangle); a hard link refuses."""
    found = set()
    for member in members:
        if member.name in dropped or member.link_target is None:
            continue
        if member.kind is MemberKind.HARDLINK and member.link_target in dropped:
            raise UsageError(
                f"cannot strip: {member.name} is a hard link to {member.link_target}, which "
                "would be removed. Nothing written."
            )
        if member.kind is MemberKind.SYMLINK:
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(member.name), member.link_target)
            )
            if target in dropped:
                found.add(member.name)
    return found


def _manifest(
    report: Report, removals: list[Removal], dropped: list[str], licenses: list[str]
) -> bytes:
    inventory = report.inventory
    owner = {m: r.extension for r in removals for m in r.members}
    earlier = inventory.stripped
    removed = [
        {"member": m, "extension": None, "why": "removed by an earlier licscan strip"}
        for m in (earlier.removed if earlier else ())
    ]
    for member in dropped:
        if member in owner:
            why = f"a file of the {owner[member]} extension module"
        elif member.removeprefix("python/") in licenses:
            why = "a license text only the removed extension modules referenced"
        else:
            why = "a symbolic link to a removed member"
        removed.append({"member": member, "extension": owner.get(member), "why": why})
    reasons = list(earlier.reasons if earlier else ())
    reasons += [r.why for r in removals]
    if inventory.metadata is not None:
        reasons += [f"PYTHON.json: build_info.extensions.{r.extension} removed" for r in removals]
    document = {
        "format": STRIP_MANIFEST_FORMAT,
        "generator": f"licscan {__version__}",
        "source": {"file_name": inventory.archive.file_name, "sha256": inventory.archive.sha256},
        "policy": report.verdict.policy_name,
        "components": sorted(
            {*(earlier.components if earlier else ()), *(k for r in removals for k in r.components)}
        ),
        "reasons": reasons,
        "removed": removed,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def edit_python_json(raw: bytes, extensions: Iterable[str]) -> bytes:
    """PYTHON.json without the removed extensions' entries, written like PBS writes it."""
    data = json.loads(raw)
    table = data.get("build_info", {}).get("extensions", {})
    for extension in extensions:
        table.pop(extension, None)
    return json.dumps(data, sort_keys=True, indent=4).encode()
