"""Known PBS metadata errors, corrected with an explanation (pbs-spec.md sections 2.5, 2.6, 7.6).

Each correction leaves the declared license as PYTHON.json wrote it, sets the concluded one,
and records a `Correction` with its evidence so verdicts and reports can explain it.
"""

from __future__ import annotations

from licscan.inventory import unannotated
from licscan.inventory.context import Context, Draft
from licscan.model import (
    Correction,
    ExtensionVariant,
    Flavor,
    Link,
    LinkKind,
    LinkUse,
)
from licscan.pbs import python_minor, quirks
from licscan.spdx import merge, normalize


def apply_all(ctx: Context, flavor: Flavor) -> None:
    """Run every correction, in a fixed order (unannotated code: unannotated.py)."""
    unannotated.prune_candidates(ctx)
    _openssl(ctx)
    _zlib_ng(ctx)
    _stale_dll_names(ctx)
    _windows_in_core_zlib(ctx)
    unannotated.conclude(ctx)
    unannotated.runtimes(ctx, flavor)
    unannotated.unix_tix(ctx)


def macro_links(ctx: Context, variant: ExtensionVariant, macros: list[Link]) -> None:
    """`$(tcltk` and the like: MSBuild macros PBS parsed as library names."""
    names = ", ".join(link.name for link in macros)
    for draft in ctx.drafts.values():
        if any(u.extension == variant.extension and u.link for u in draft.uses):
            draft.corrections.append(
                Correction(
                    code="windows-msbuild-macro-link",
                    message=f"{variant.extension} lists the link {names!r}, an MSBuild macro PBS "
                    "read as a library name; it names no library and was ignored.",
                    declared=names,
                    concluded="(ignored)",
                    evidence=(
                        f"PYTHON.json build_info.extensions.{variant.extension} links {names}",
                    ),
                )
            )


def openssl_major(ctx: Context) -> tuple[str | None, list[str]]:
    """ "3" or "1.1" from the binaries and DLL names, with the evidence."""
    for ev in ctx.evidence:
        if ev.what == "openssl-version":
            major = "3" if ev.value.startswith("3") else ".".join(ev.value.split(".")[:2])
            return major, [f"{ev.member} contains the version string 'OpenSSL {ev.value}'"]
    for name in sorted(ctx.member_names):
        dll_major = quirks.openssl_major_of_dll(name)
        if dll_major is not None:
            return dll_major, [f"the archive ships {name}"]
    return None, []


def openssl_key(ctx: Context, major: str) -> str:
    """The catalog key of an OpenSSL major version ("openssl" is 1.1 before 20231002)."""
    if major.startswith("3"):
        return "openssl-3"
    declared = [
        k for k in ("openssl-1.1", "openssl") if k in ctx.drafts and ctx.drafts[k].license_paths
    ]
    if declared:
        return declared[0]
    tag = ctx.release.newest
    return "openssl" if tag is not None and tag < quirks.OPENSSL_3_RELEASE else "openssl-1.1"


def _openssl(ctx: Context) -> None:
    family = [k for k in ctx.catalog.family("openssl") if k in ctx.drafts]
    if not family:
        return
    major, evidence = openssl_major(ctx)
    if major is None:
        major, evidence = _openssl_by_release(ctx)
    if major is None:
        declared = [k for k in family if ctx.drafts[k].license_paths]
        if len(declared) == 1:
            chosen = declared[0]
        elif not declared and ctx.release.tag:
            existing = [k for k in family if ctx.catalog.existed_at(k, ctx.release.tag)]
            chosen = next((k for k in existing if k != "libressl"), family[0])
        else:
            for key in declared:
                ctx.drafts[key].notes.append(
                    "PYTHON.json declares both OpenSSL 1.1 and OpenSSL 3 and the archive has no "
                    "evidence of which one is linked (no DLL name, no version string)."
                )
            return
    else:
        chosen = openssl_key(ctx, major)
    popped = {k: ctx.drafts.pop(k) for k in family}
    target = popped.pop(chosen) if chosen in popped else ctx.draft(chosen)
    ctx.drafts[chosen] = target
    drafts = list(popped.values())
    written = merge(d.declared() for d in [target, *drafts])
    if not written.known:  # no annotation at all: _unannotated concludes from the catalog
        for draft in drafts:
            target.absorb(draft)
        target.notes.append(f"{target.name} chosen by evidence: {'; '.join(evidence) or 'release'}")
        version_from_evidence(ctx, target)
        return
    paths_before = sorted({p for d in [target, *drafts] for p in d.license_paths})
    for draft in drafts:
        target.absorb(draft)
    keep_files = set(ctx.catalog.components[chosen].license_files)
    target.license_paths = [p for p in paths_before if p.rsplit("/", 1)[-1] in keep_files]
    ids, _pd = ctx.catalog.components[chosen].licenses_at(ctx.release.newest)
    target.concluded = normalize(list(ids))
    version_from_evidence(ctx, target)
    dropped = [p for p in paths_before if p not in target.license_paths]
    if drafts or dropped:
        target.corrections.append(
            Correction(
                code="openssl-double-annotation",
                message=f"PYTHON.json annotates OpenSSL with {written.expression} "
                f"({', '.join(paths_before) or 'no license files'}) because PBS matches the link "
                f"names crypto/ssl against every OpenSSL entry; only {target.name} is linked.",
                declared=written.expression,
                concluded=target.concluded.expression,
                evidence=tuple(evidence) or ("the release's component list",),
            )
        )
        target.declared_as = written


def _openssl_by_release(ctx: Context) -> tuple[str | None, list[str]]:
    """The OpenSSL major PBS's build scripts link for the platform and release window."""
    metadata = ctx.metadata
    if metadata is None:
        return None, []
    triple = metadata.target_triple or "-".join(p for p in (metadata.arch, metadata.os) if p)
    major = quirks.openssl_major_by_release(triple, metadata.python_version, ctx.release.window)
    if major is None:
        return None, []
    window = ctx.release.window or ("?", "?")
    when = f"release {window[0]}" if window[0] == window[1] else f"releases {window[0]}-{window[1]}"
    return major, [
        f"PBS's build scripts link OpenSSL {major} on {triple} for Python "
        f"{metadata.python_version} in {when} (no libcrypto or DLL in the archive to read)"
    ]


def version_from_evidence(ctx: Context, target: Draft) -> None:
    for ev in ctx.evidence:
        if ev.what == "openssl-version":
            target.version, target.version_source = ev.value, f"version string in {ev.member}"
            return


def _zlib_ng(ctx: Context) -> None:
    """Unix `zlib` links `z`, which PBS matches to both zlib and zlib-ng (spec 2.5)."""
    metadata = ctx.metadata
    windows = metadata is not None and "windows" in (metadata.target_triple or metadata.os or "")
    if windows or "zlib" not in ctx.drafts or "zlib-ng" not in ctx.drafts:
        return
    ng = ctx.drafts.pop("zlib-ng")
    target = ctx.drafts["zlib"]
    target.absorb(ng)
    target.license_paths += [p for p in ng.license_paths if p not in target.license_paths]
    missing = [p for p in ng.license_paths if f"python/{p}" not in ctx.member_names]
    if not ng.license_paths:
        return
    target.corrections.append(
        Correction(
            code="zlib-ng-double-annotation",
            message="PYTHON.json annotates zlib with zlib-ng as well because both PBS entries "
            "list the library name 'z'; zlib-ng is only built for Windows 3.14+, so this "
            "archive links zlib."
            + (f" {', '.join(missing)} is referenced but PBS never shipped it." if missing else ""),
            declared="zlib + zlib-ng",
            concluded="zlib",
            evidence=tuple(
                f"{u.extension}[{u.variant}] links {u.link or '(no link)'}" for u in ng.uses
            ),
        )
    )


def _stale_dll_names(ctx: Context) -> None:
    """Windows links naming a DLL the archive does not ship (libcrypto-1_1-x64 vs -3-x64)."""
    for draft in ctx.drafts.values():
        for use in draft.uses:
            if use.kind is not LinkKind.DYNAMIC or use.path_present is not False or not use.path:
                continue
            folder, _, base = use.path.rpartition("/")
            stem = base.split("-", 1)[0]
            actual = sorted(
                n
                for n in ctx.member_names
                if n.startswith(f"python/{folder}/{stem}-") and n.endswith(".dll")
            )
            message = f"{use.extension} declares {use.path}, which is not in the archive"
            if actual:
                message += (
                    f"; the archive ships {', '.join(a.removeprefix('python/') for a in actual)}"
                )
                draft.extra_hashes += actual
            code = "windows-stale-dll-name"
            if any(c.code == code and use.path in c.declared for c in draft.corrections):
                continue
            draft.corrections.append(
                Correction(
                    code,
                    message + ".",
                    use.path,
                    ", ".join(actual) or "(absent)",
                    (f"PYTHON.json build_info.extensions.{use.extension} links {use.link}",),
                )
            )


def _windows_zlib_ng(ctx: Context, python_version: str) -> bool:
    """Windows 3.14+ of a release whose every tag in the window pins zlib-ng (spec 2.5)."""
    minor = python_minor(python_version)
    if minor is None or minor < (3, 14):
        return False
    window = ctx.release.window
    if window is None or "zlib-ng" not in ctx.catalog.components:
        return False
    tags = ctx.catalog.releases_between(*window)
    return bool(tags) and all(ctx.catalog.existed_at("zlib-ng", t) for t in tags)


def _windows_in_core_zlib(ctx: Context) -> None:
    metadata = ctx.metadata
    if metadata is None or "windows" not in (metadata.target_triple or metadata.os or ""):
        return
    zlib = [v for v in metadata.variants("zlib") if v.installed and v.in_core]
    objs = [o for o in metadata.core.objs if o.rsplit("/", 1)[-1] in quirks.WINDOWS_ZLIB_OBJS]
    if not zlib or zlib[0].licenses is not None or not objs or "zlib" in ctx.drafts:
        return
    key = "zlib-ng" if _windows_zlib_ng(ctx, metadata.python_version) else "zlib"
    if key in ctx.drafts:
        return
    draft = ctx.draft(key)
    draft.add_use(
        LinkUse("zlib", "default", "", LinkKind.STATIC, container=metadata.core.shared_lib)
    )
    draft.license_paths += [
        p for p in ("licenses/LICENSE.zlib.txt",) if f"python/{p}" in ctx.member_names
    ]
    draft.concluded = normalize(["Zlib"])
    draft.corrections.append(
        Correction(
            code="windows-in-core-zlib",
            message="zlib is compiled into the core DLL (in_core) and PBS writes no license keys "
            "for in-core extensions; its code is under the Zlib license."
            + (
                " From 3.14 PBS builds it from zlib-ng (zlib-compatible API), so the code is "
                "zlib-ng."
                if key == "zlib-ng"
                else ""
            ),
            declared="NOASSERTION",
            concluded="Zlib",
            evidence=tuple(f"PYTHON.json build_info.core.objs has {o}" for o in objs[:3]),
        )
    )
