"""Inventory: the components of a distribution, with their licenses and license files.

Components are CPython, each library the installed (`default`) variant of an extension links,
libraries only build-only variants link, runtimes PBS does not annotate, the packages in
site-packages, and code vendored inside other code (the libraries CPython's source tree bundles,
pip's `_vendor/` packages, the ensurepip wheels: `cpython_sources.py`, `vendored.py`).
Known PBS metadata errors are corrected in `corrections.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from licscan.inventory import (
    code_evidence,
    corrections,
    cpython_sources,
    disputes,
    install_only,
    packages,
    unannotated,
    vendored,
)
from licscan.inventory.attribution import attribute
from licscan.inventory.context import Context, Draft
from licscan.inventory.license_files import LicenseFiles
from licscan.model import (
    ArchiveContents,
    ArchiveSummary,
    AssetName,
    BinaryEvidence,
    BuildOnlyVariant,
    Component,
    ComponentKind,
    Flavor,
    Inventory,
    LicenseDirEntry,
    LinkKind,
    MemberHash,
    PythonJson,
    ReleaseInfo,
    Shipping,
    SystemLibrary,
)
from licscan.pbs import BuildConfig, load_catalog
from licscan.read import DEFAULT_LIMITS, Limits, layout
from licscan.spdx import normalize


def build_inventory(
    contents: ArchiveContents,
    metadata: PythonJson | None,
    *,
    flavor: Flavor,
    asset: AssetName | None,
    release: ReleaseInfo,
    evidence: Iterable[BinaryEvidence] = (),
    installed_version: tuple[str, str] | None = None,
    build: BuildConfig | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Inventory:
    """Assemble the inventory from what the reader kept and what PYTHON.json says.

    Without PYTHON.json, `installed_version` is (CPython version, the member saying it) and
    `build` the installation's own build configuration (`_sysconfigdata_*.py`)."""
    python_version = _python_version(metadata, asset, installed_version)
    triple = _triple(metadata, asset, build)
    ctx = Context(
        contents=contents,
        metadata=metadata,
        release=release,
        catalog=load_catalog(),
        evidence=tuple(evidence),
        member_names=frozenset(m.name for m in contents.members),
        build=build,
        triple=triple,
        python_version=python_version,
        asset=asset,
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
        notes += install_only.infer(ctx, python_version, triple)
    corrections.apply_all(ctx, flavor)
    components = [_cpython(ctx, files, flavor, installed_version)]
    components += cpython_sources.components(ctx, files, python_version, triple)
    components += [_finish(d, ctx, files) for d in sorted(ctx.drafts.values(), key=_order)]
    components += packages.components(contents, flavor, files, limits)
    inside = vendored.components(contents, files, limits)
    components += inside.components
    components, disagreements = code_evidence.apply(ctx, components, flavor)
    components = disputes.attach(components)
    stripped = disputes.read_manifest(
        contents.kept.get(layout.STRIP_MANIFEST), layout.STRIP_MANIFEST
    )
    if stripped is not None:
        notes.append(
            f"licscan strip removed {', '.join(stripped.extensions) or 'members'} from this "
            f"distribution ({len(stripped.removed)} members; {layout.STRIP_MANIFEST})."
        )
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
            root=contents.root,
            origin=contents.origin,
        ),
        flavor=flavor,
        python_version=python_version,
        target_triple=triple,
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
        license_texts=MappingProxyType(dict(sorted({**files.texts(), **inside.texts}.items()))),
        build_only_variants=tuple(build_only),
        evidence=ctx.evidence,
        notes=tuple(notes),
        binaries=contents.binaries,
        disagreements=tuple(disagreements),
        stripped=stripped,
    )


def _order(draft: Draft) -> tuple[int, str]:
    rank = {ComponentKind.LIBRARY: 0, ComponentKind.RUNTIME: 1}.get(draft.kind, 2)
    return rank, draft.key.lower()


def _triple(
    metadata: PythonJson | None, asset: AssetName | None, build: BuildConfig | None
) -> str | None:
    """target_triple (format 5+), else `arch-os` of formats 0-4, else the file name's, else
    the build configuration's."""
    if metadata is not None:
        if metadata.target_triple:
            return metadata.target_triple
        if metadata.os:
            return "-".join(p for p in (metadata.arch, metadata.os) if p)
    if asset is not None:
        return asset.triple
    return build.triple if build is not None else None


def _python_version(
    metadata: PythonJson | None,
    asset: AssetName | None,
    installed: tuple[str, str] | None,
) -> str | None:
    if metadata is not None:
        return metadata.python_version
    if installed is not None:
        return installed[0]
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


def _cpython(
    ctx: Context, files: LicenseFiles, flavor: Flavor, installed: tuple[str, str] | None
) -> Component:
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
        version=metadata.python_version if metadata else installed[0] if installed else None,
        version_source="PYTHON.json python_version"
        if metadata
        else f"PY_VERSION in {installed[1]}"
        if installed
        else "",
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
