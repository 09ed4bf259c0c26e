"""Code PBS ships without license keys: its license concluded from PBS's own component list.

Libraries linked with no license annotation (formats 0/1, macOS 2020 libintl), CPython itself in
those formats, runtimes PBS never annotates (vcruntime, static musl, compiler-rt) and Tix on Unix.
"""

from __future__ import annotations

import re

from licscan.inventory.context import Context
from licscan.model import ComponentKind, Correction, Flavor, License, LinkKind, LinkUse, Shipping
from licscan.pbs import timeline
from licscan.spdx import combine, normalize


def catalog_version(ctx: Context, key: str) -> tuple[str | None, str]:
    """The component's version at the archive's release, from the catalog."""
    release = ctx.release
    if key not in ctx.catalog.components and key not in ctx.catalog.runtime_versions:
        return None, ""
    if release.window is None:
        return None, ""
    found = ctx.catalog.versions_in(
        key, *release.window, triple=ctx.triple, python_version=ctx.python_version
    )
    where = (
        f"PBS release {release.tag}"
        if release.tag
        else "PBS releases {}-{}".format(*release.window)
    )
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


def prune_candidates(ctx: Context) -> None:
    """A link with no license keys matches several catalog entries (`z`: zlib and zlib-ng):
    keep those that existed in the archive's release window."""
    if ctx.release.window is None:
        return
    earliest, latest = ctx.release.window
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


def conclude(ctx: Context) -> None:
    """Bundled libraries linked without license keys: license from the catalog."""
    tag = ctx.release.newest
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


def runtimes(ctx: Context, flavor: Flavor) -> None:
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
    musl = _static_musl(ctx)
    if musl:
        _runtime(ctx, "musl", Shipping.BUNDLED, [musl], [])
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


def _static_musl(ctx: Context) -> str | None:
    """Why the archive links musl libc statically, or None: PYTHON.json's `crt_features`,
    else (formats 0-4, install_only) a musl target of a release before 20250311, when every
    PBS musl build was static (spec 1.4)."""
    metadata = ctx.metadata
    triple = ctx.triple or ""
    if metadata is not None and metadata.crt_features:
        if "musl" in triple and "static" in metadata.crt_features:
            return f"PYTHON.json crt_features {list(metadata.crt_features)} on {triple}"
        return None
    named = ctx.asset.triple if ctx.asset else ""
    where = triple if "musl" in triple else named if "musl" in named else None
    window = ctx.release.window
    if where is None or window is None or window[1] >= timeline.MUSL_DYNAMIC_RELEASE:
        return None
    source = "the target" if where == triple else "the file name"
    return (
        f"{source} says {where}, and every PBS musl build before release "
        f"{timeline.MUSL_DYNAMIC_RELEASE} links musl libc statically"
    )


def unix_tix(ctx: Context) -> None:
    metadata = ctx.metadata
    paths = metadata.tcl_library_paths if metadata else None
    tix = [p for p in paths or () if p.lower().startswith("tix")]
    if not tix or "tix" in ctx.drafts or "tix" not in ctx.catalog.components:
        return
    draft = ctx.draft("tix")
    draft.add_use(LinkUse("_tkinter", "default", "", LinkKind.UNSPECIFIED))
    conclude(ctx)
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
