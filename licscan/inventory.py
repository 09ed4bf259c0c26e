"""Inventory: the components of a distribution, with their licenses and license files.

Components are CPython, each library the installed (`default`) variant of an extension links,
libraries only build-only variants link, runtimes PBS does not annotate, and the packages in
site-packages. Known PBS metadata errors are corrected in `corrections.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from licscan import corrections, install_only, layout, packages, unannotated
from licscan.attribution import Attribution, attribute
from licscan.catalog import Catalog, load_catalog
from licscan.licensefiles import LicenseFiles
from licscan.model import (
    UNKNOWN_LICENSE,
    ArchiveContents,
    ArchiveSummary,
    AssetName,
    BinaryEvidence,
    BuildOnlyVariant,
    Component,
    ComponentKind,
    Correction,
    Flavor,
    Inventory,
    License,
    LicenseDirEntry,
    LinkKind,
    LinkUse,
    MemberHash,
    PythonJson,
    ReleaseInfo,
    Shipping,
    SystemLibrary,
)
from licscan.spdx import NOASSERTION, merge, normalize

_SHIPPED_KINDS = (LinkKind.STATIC, LinkKind.DYNAMIC, LinkKind.UNSPECIFIED)


@dataclass
class Draft:
    """A component being assembled (mutable, private to the inventory stage)."""

    key: str
    name: str
    kind: ComponentKind = ComponentKind.LIBRARY
    entries: list[tuple[LinkUse, License]] = field(default_factory=list)  # use, its declaration
    declared_as: License | None = None  # set when a correction rewrites the declaration
    license_paths: list[str] = field(default_factory=list)
    concluded: License | None = None
    version: str | None = None
    version_source: str = ""
    extra_hashes: list[str] = field(default_factory=list)  # member names
    corrections: list[Correction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shipping: Shipping | None = None  # forced (runtimes); else derived from uses

    def add(self, attribution: Attribution) -> None:
        self.add_use(attribution.use, attribution.declared)
        for path in attribution.license_paths:
            if path not in self.license_paths:
                self.license_paths.append(path)

    def add_use(self, use: LinkUse, declared: License = UNKNOWN_LICENSE) -> None:
        if (use, declared) not in self.entries:
            self.entries.append((use, declared))

    def absorb(self, other: Draft) -> None:
        """Take over another draft's uses (one component declared under two keys)."""
        for use, declared in other.entries:
            self.add_use(use, declared)

    @property
    def uses(self) -> list[LinkUse]:
        return [use for use, _declared in self.entries]

    @property
    def installed_uses(self) -> list[LinkUse]:
        return [u for u in self.uses if u.variant == "default"]

    def derive_shipping(self) -> Shipping:
        if self.shipping is not None:
            return self.shipping
        installed = self.installed_uses
        if not installed:
            return Shipping.BUILD_ONLY if self.uses else Shipping.BUNDLED
        if any(u.kind in _SHIPPED_KINDS for u in installed):
            return Shipping.BUNDLED
        return Shipping.SYSTEM

    def declared(self) -> License:
        """As PYTHON.json declares it: the installed variants' declarations, else all."""
        if self.declared_as is not None:
            return self.declared_as
        installed = [d for use, d in self.entries if use.variant == "default"]
        return merge(installed or [d for _use, d in self.entries])


@dataclass
class Context:
    """What every inventory step may read."""

    contents: ArchiveContents
    metadata: PythonJson | None
    release: ReleaseInfo
    catalog: Catalog
    evidence: tuple[BinaryEvidence, ...]
    member_names: frozenset[str]
    drafts: dict[str, Draft] = field(default_factory=dict)

    def draft(self, key: str) -> Draft:
        if key not in self.drafts:
            entry = self.catalog.components.get(key)
            name = entry.name if entry else key.removeprefix("lib:")
            self.drafts[key] = Draft(key=key, name=name)
        return self.drafts[key]


def build_inventory(
    contents: ArchiveContents,
    metadata: PythonJson | None,
    *,
    flavor: Flavor,
    asset: AssetName | None,
    release: ReleaseInfo,
    evidence: Iterable[BinaryEvidence] = (),
) -> Inventory:
    """Assemble the inventory from what the reader kept and what PYTHON.json says."""
    ctx = Context(
        contents=contents,
        metadata=metadata,
        release=release,
        catalog=load_catalog(),
        evidence=tuple(evidence),
        member_names=frozenset(m.name for m in contents.members),
    )
    files = LicenseFiles(contents)
    system: dict[tuple[str, LinkKind], set[str]] = {}
    build_only: list[BuildOnlyVariant] = []
    notes: list[str] = []
    if metadata is not None:
        for variant in metadata.extensions:
            found = attribute(variant, ctx.catalog, ctx.member_names)
            for attribution in found.components:
                ctx.draft(attribution.key).add(attribution)
            for link in found.system:
                system.setdefault((link.name, link.kind), set()).add(variant.extension)
            if found.macros:
                corrections.macro_links(ctx, variant, found.macros)
            if not variant.installed:
                build_only.append(
                    BuildOnlyVariant(
                        variant.extension,
                        variant.variant,
                        normalize(variant.licenses, public_domain=variant.license_public_domain),
                    )
                )
        for link in metadata.core.links:
            if link.kind in (LinkKind.SYSTEM, LinkKind.FRAMEWORK):
                system.setdefault((link.name, link.kind), set()).add("(core)")
    else:
        notes.append(
            "install_only archive: it carries no PYTHON.json and no python/licenses/, so the "
            "bundled libraries cannot be listed from metadata; this is a partial inventory, "
            "completed from PBS's release timeline where it can be. Scan the matching "
            "-full.tar.zst archive for a complete one."
        )
        notes += install_only.infer(ctx, _python_version(None, asset), _triple(None, asset))
    corrections.apply_all(ctx, flavor)
    components = [_cpython(ctx, files, flavor)]
    components += [_finish(d, ctx, files) for d in sorted(ctx.drafts.values(), key=_order)]
    components += packages.components(contents, flavor, files)
    referenced = _references(components)
    return Inventory(
        archive=ArchiveSummary(
            source=contents.source,
            file_name=contents.file_name,
            container=contents.container,
            sha256=contents.sha256,
            size=contents.size,
            member_count=len(contents.members),
            max_mtime=contents.max_mtime,
        ),
        flavor=flavor,
        python_version=_python_version(metadata, asset),
        target_triple=_triple(metadata, asset),
        build_options=(metadata.options if metadata else None)
        or (asset.build_options if asset else None),
        release=release,
        asset=asset,
        metadata=metadata,
        components=tuple(components),
        system_libraries=tuple(
            SystemLibrary(name, kind, tuple(sorted(users)))
            for (name, kind), users in sorted(system.items(), key=lambda i: i[0][0].lower())
        ),
        license_dir=tuple(
            LicenseDirEntry(
                file=f,
                referenced_by=tuple(sorted(referenced.get(f.path, ()))),
                build_only_refs=_build_only_refs(metadata, f.path),
            )
            for f in files.license_dir()
        ),
        license_texts=MappingProxyType(dict(sorted(files.texts().items()))),
        build_only_variants=tuple(build_only),
        evidence=ctx.evidence,
        notes=tuple(notes),
    )


def _order(draft: Draft) -> tuple[int, str]:
    rank = {ComponentKind.LIBRARY: 0, ComponentKind.RUNTIME: 1}.get(draft.kind, 2)
    return rank, draft.key.lower()


def _triple(metadata: PythonJson | None, asset: AssetName | None) -> str | None:
    """target_triple (format 5+), else `arch-os` of formats 0-4, else the file name's."""
    if metadata is not None:
        if metadata.target_triple:
            return metadata.target_triple
        if metadata.os:
            return "-".join(p for p in (metadata.arch, metadata.os) if p)
    return asset.triple if asset else None


def _python_version(metadata: PythonJson | None, asset: AssetName | None) -> str | None:
    if metadata is not None:
        return metadata.python_version
    return asset.python_version if asset else None


def _finish(draft: Draft, ctx: Context, files: LicenseFiles) -> Component:
    declared = draft.declared()
    concluded = draft.concluded or declared
    version, source = draft.version, draft.version_source
    if version is None:
        version, source = unannotated.catalog_version(ctx, draft.key)
    hashes = {u.path for u in draft.installed_uses or draft.uses if u.path and u.path_present}
    members = sorted({f"python/{p}" for p in hashes} | set(draft.extra_hashes))
    return Component(
        key=draft.key,
        name=draft.name,
        kind=draft.kind,
        shipping=draft.derive_shipping(),
        declared=declared,
        concluded=concluded,
        version=version,
        version_source=source,
        links=tuple(sorted(draft.uses, key=lambda u: (u.extension, u.variant, u.link))),
        license_files=tuple(files.status(p) for p in draft.license_paths),
        hashes=_hashes(ctx.contents, members),
        corrections=tuple(draft.corrections),
        notes=tuple(draft.notes),
    )


def _hashes(contents: ArchiveContents, members: Iterable[str]) -> tuple[MemberHash, ...]:
    wanted = set(members)
    return tuple(
        MemberHash(m.name, m.sha256)
        for m in sorted(contents.members, key=lambda m: m.name)
        if m.name in wanted and m.sha256
    )


def _cpython(ctx: Context, files: LicenseFiles, flavor: Flavor) -> Component:
    metadata = ctx.metadata
    declared = normalize(metadata.licenses if metadata else None)
    paths: list[str] = []
    if metadata is not None and metadata.license_path:
        paths.append(metadata.license_path)
    if layout.relative(layout.LEGACY_LICENSE_RST) in files.present_paths():
        paths.append(layout.relative(layout.LEGACY_LICENSE_RST))
    paths += files.install_license_paths(flavor)
    concluded, fixes = unannotated.cpython_license(ctx, declared)
    core_members: list[str] = []
    if metadata is not None:
        core_members = [
            f"python/{p}" for p in (metadata.core.shared_lib, metadata.core.static_lib) if p
        ]
    return Component(
        key="cpython",
        name="CPython",
        kind=ComponentKind.INTERPRETER,
        shipping=Shipping.BUNDLED,
        declared=declared,
        concluded=concluded,
        version=metadata.python_version if metadata else None,
        version_source="PYTHON.json python_version" if metadata else "",
        license_files=tuple(files.status(p) for p in paths),
        hashes=_hashes(ctx.contents, core_members),
        corrections=tuple(fixes),
    )


def _references(components: Iterable[Component]) -> Mapping[str, set[str]]:
    refs: dict[str, set[str]] = {}
    for c in components:
        if c.shipping is Shipping.BUILD_ONLY:
            continue
        for f in c.license_files:
            refs.setdefault(f.path, set()).add(c.key)
    return refs


def _build_only_refs(metadata: PythonJson | None, path: str) -> tuple[str, ...]:
    if metadata is None:
        return ()
    return tuple(
        f"{v.extension}/{v.variant}"
        for v in metadata.extensions
        if not v.installed and path in (v.license_paths or ())
    )


__all__ = ["NOASSERTION", "Context", "Draft", "build_inventory"]
