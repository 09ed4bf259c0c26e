"""Known PBS metadata errors, corrected with an explanation (pbs-spec.md sections 2.5, 2.6, 7.6).

Each correction leaves the declared license as PYTHON.json wrote it, sets the concluded one,
and records a `Correction` with its evidence so verdicts and reports can explain it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from licscan.model import (
    ComponentKind,
    Correction,
    ExtensionVariant,
    Flavor,
    License,
    Link,
    LinkKind,
    LinkUse,
    Shipping,
)
from licscan.spdx import combine, merge, normalize

if TYPE_CHECKING:
    from licscan.inventory import Context, Draft

_OPENSSL_DLL = re.compile(r"(?:^|/)libcrypto-(\d+)(?:_(\d+))?(?:-[a-z0-9]+)?\.dll$")
_ZLIB_OBJS = ("adler32.obj", "deflate.obj", "inflate.obj", "crc32.obj", "zutil.obj")


def apply_all(ctx: Context, flavor: Flavor) -> None:
    """Run every correction, in a fixed order."""
    _prune_unannotated_candidates(ctx)
    _openssl(ctx)
    _zlib_ng(ctx)
    _stale_dll_names(ctx)
    _windows_in_core_zlib(ctx)
    _unannotated(ctx)
    _runtimes(ctx, flavor)
    _unix_tix(ctx)


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


def catalog_version(ctx: Context, key: str) -> tuple[str | None, str]:
    """The component's version at the archive's release, from the catalog."""
    release = ctx.release
    if key not in ctx.catalog.components:
        return None, ""
    if release.tag:
        found = ctx.catalog.versions_in(key, release.tag, release.tag)
        where = f"PBS release {release.tag}"
    elif release.earliest and release.latest:
        found = ctx.catalog.versions_in(key, release.earliest, release.latest)
        where = f"PBS releases {release.earliest}-{release.latest}"
    else:
        return None, ""
    if len(found) == 1:
        return found[0], f"component list of {where}"
    return None, (f"one of {', '.join(found)} ({where})" if found else "")


def cpython_license(ctx: Context, declared: License) -> tuple[License, list[Correction]]:
    if declared.known:
        return declared, []
    concluded = normalize(["Python-2.0", "CNRI-Python"])
    return concluded, [
        Correction(
            code="unannotated-library",
            message=(
                "PYTHON.json of this era has no top-level licenses"
                if ctx.metadata is not None
                else "install_only archives carry no PYTHON.json"
            )
            + "; CPython is under the PSF License Agreement (Python-2.0) and the CNRI license, "
            "as every PBS release declares.",
            declared="NOASSERTION",
            concluded=concluded.expression,
        )
    ]


def _openssl_major(ctx: Context) -> tuple[str | None, list[str]]:
    """ "3" or "1.1" from the binaries and DLL names, with the evidence."""
    for ev in ctx.evidence:
        if ev.what == "openssl-version":
            major = "3" if ev.value.startswith("3") else ".".join(ev.value.split(".")[:2])
            return major, [f"{ev.member} contains the version string 'OpenSSL {ev.value}'"]
    for name in sorted(ctx.member_names):
        match = _OPENSSL_DLL.search(name)
        if match:
            major = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
            return major, [f"the archive ships {name}"]
    return None, []


def _openssl_key(ctx: Context, major: str) -> str:
    if major.startswith("3"):
        return "openssl-3"
    tag = ctx.release.tag or ctx.release.latest
    if tag is not None and not ctx.catalog.existed_at("openssl-1.1", tag) and tag < "20231002":
        return "openssl"
    return (
        "openssl-1.1"
        if "openssl-1.1" in ctx.drafts or tag is None or tag >= "20231002"
        else "openssl"
    )


def _openssl(ctx: Context) -> None:
    family = [k for k in ctx.catalog.family("openssl") if k in ctx.drafts]
    if not family:
        return
    major, evidence = _openssl_major(ctx)
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
        chosen = _openssl_key(ctx, major)
    popped = {k: ctx.drafts.pop(k) for k in family}
    target = popped.pop(chosen) if chosen in popped else ctx.draft(chosen)
    ctx.drafts[chosen] = target
    drafts = list(popped.values())
    written = merge(d.declared() for d in [target, *drafts])
    if not written.known:  # no annotation at all: _unannotated concludes from the catalog
        for draft in drafts:
            target.absorb(draft)
        target.notes.append(f"{target.name} chosen by evidence: {'; '.join(evidence) or 'release'}")
        _version_from_evidence(ctx, target)
        return
    paths_before = sorted({p for d in [target, *drafts] for p in d.license_paths})
    for draft in drafts:
        target.absorb(draft)
    keep_files = set(ctx.catalog.components[chosen].license_files)
    target.license_paths = [p for p in paths_before if p.rsplit("/", 1)[-1] in keep_files]
    ids, _pd = ctx.catalog.components[chosen].licenses_at(ctx.release.tag or ctx.release.latest)
    target.concluded = normalize(list(ids))
    _version_from_evidence(ctx, target)
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


def _version_from_evidence(ctx: Context, target: Draft) -> None:
    for ev in ctx.evidence:
        if ev.what == "openssl-version":
            target.version, target.version_source = ev.value, f"version string in {ev.member}"
            return


def _prune_unannotated_candidates(ctx: Context) -> None:
    """A link with no license keys matches several catalog entries (`z`: zlib and zlib-ng):
    keep those that existed in the archive's release window."""
    release = ctx.release
    earliest, latest = release.earliest or release.tag, release.latest or release.tag
    if earliest is None or latest is None:
        return
    groups: dict[tuple[tuple[str, str, str], ...], list[str]] = {}
    for key, draft in ctx.drafts.items():
        if draft.license_paths or draft.declared().known or key not in ctx.catalog.components:
            continue
        uses = tuple(sorted((u.extension, u.variant, u.link) for u in draft.uses))
        groups.setdefault(uses, []).append(key)
    for keys in groups.values():
        alive = [k for k in keys if ctx.catalog.versions_in(k, earliest, latest)]
        if not alive:  # before the catalog starts: the entry that appeared first
            first = {k: ctx.catalog.components[k].versions[0][0] for k in keys}
            alive = [k for k in keys if first[k] == min(first.values())]
        if len(alive) < len(keys):
            for key in keys:
                if key not in alive:
                    del ctx.drafts[key]


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


def _windows_in_core_zlib(ctx: Context) -> None:
    metadata = ctx.metadata
    if metadata is None or "windows" not in (metadata.target_triple or metadata.os or ""):
        return
    zlib = [v for v in metadata.variants("zlib") if v.installed and v.in_core]
    objs = [o for o in metadata.core.objs if o.rsplit("/", 1)[-1] in _ZLIB_OBJS]
    if not zlib or zlib[0].licenses is not None or not objs or "zlib" in ctx.drafts:
        return
    draft = ctx.draft("zlib")
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
            "for in-core extensions; its code is under the Zlib license.",
            declared="NOASSERTION",
            concluded="Zlib",
            evidence=tuple(f"PYTHON.json build_info.core.objs has {o}" for o in objs[:3]),
        )
    )


def _unannotated(ctx: Context) -> None:
    """Bundled libraries linked without license keys: license from the catalog."""
    tag = ctx.release.tag or ctx.release.latest
    for draft in ctx.drafts.values():
        entry = ctx.catalog.components.get(draft.key)
        if draft.concluded is not None or draft.declared().known or entry is None:
            continue
        ids, public_domain = entry.licenses_at(tag)
        draft.concluded = normalize(list(ids), public_domain=public_domain)
        draft.license_paths += [
            f"licenses/{f}"
            for f in entry.license_files
            if f"python/licenses/{f}" in ctx.member_names
            and f"licenses/{f}" not in draft.license_paths
        ]
        links = sorted({u.link for u in draft.uses if u.link})
        draft.corrections.append(
            Correction(
                code="unannotated-library",
                message=f"{draft.name} is linked ({', '.join(links)}) but PYTHON.json gives it no "
                f"license keys; PBS's own component list gives {draft.concluded.expression}.",
                declared="NOASSERTION",
                concluded=draft.concluded.expression,
                evidence=tuple(
                    f"{u.extension}[{u.variant}] links {u.link}" for u in draft.uses if u.link
                ),
            )
        )


def _runtime(
    ctx: Context, key: str, shipping: Shipping, evidence: list[str], paths: list[str]
) -> None:
    runtime = ctx.catalog.runtimes[key]
    draft = ctx.draft(key)
    draft.name, draft.kind, draft.shipping = runtime.name, ComponentKind.RUNTIME, shipping
    draft.concluded = License(
        expression=combine([runtime.license]) if "WITH" not in runtime.license else runtime.license
    )
    draft.license_paths += paths
    draft.corrections.append(
        Correction(
            "unannotated-runtime",
            runtime.why,
            "NOASSERTION",
            runtime.license,
            tuple(evidence),
        )
    )


def _runtimes(ctx: Context, flavor: Flavor) -> None:
    names = sorted(ctx.member_names)
    vcruntime = [n for n in names if re.search(r"/vcruntime140[^/]*\.dll$", n)]
    if vcruntime:
        license_txt = [
            p for p in ("install/LICENSE.txt", "LICENSE.txt") if f"python/{p}" in ctx.member_names
        ]
        _runtime(
            ctx,
            "vcruntime",
            Shipping.BUNDLED,
            [f"the archive ships {n}" for n in vcruntime],
            license_txt,
        )
        ctx.drafts["vcruntime"].extra_hashes += vcruntime
    metadata = ctx.metadata
    triple = (metadata.target_triple or "") if metadata else ""
    if metadata is not None and "musl" in triple and "static" in metadata.crt_features:
        _runtime(
            ctx,
            "musl",
            Shipping.BUNDLED,
            [f"PYTHON.json crt_features {list(metadata.crt_features)} on {triple}"],
            [],
        )
    compiler_rt = [n for n in names if re.search(r"^python/build/lib/libclang_rt[^/]*\.a$", n)]
    if compiler_rt:
        _runtime(
            ctx,
            "compiler-rt",
            Shipping.BUILD_ONLY,
            [f"the archive ships {n}" for n in compiler_rt],
            [],
        )
        ctx.drafts["compiler-rt"].extra_hashes += compiler_rt


def _unix_tix(ctx: Context) -> None:
    metadata = ctx.metadata
    paths = metadata.tcl_library_paths if metadata else None
    tix = [p for p in paths or () if p.lower().startswith("tix")]
    if not tix or "tix" in ctx.drafts or "tix" not in ctx.catalog.components:
        return
    draft = ctx.draft("tix")
    draft.add_use(LinkUse("_tkinter", "default", "", LinkKind.UNSPECIFIED))
    _unannotated(ctx)
    draft.corrections[-1:] = [
        Correction(
            code="unannotated-library",
            message=f"Tix ({tix[0]}) is installed with Tcl/Tk (tcl_library_paths) but PYTHON.json "
            "never annotates it on Unix; Tix is under the TCL license.",
            declared="NOASSERTION",
            concluded=draft.concluded.expression if draft.concluded else "TCL",
            evidence=(f"PYTHON.json tcl_library_paths contains {tix[0]}",),
        )
    ]
