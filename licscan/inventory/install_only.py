"""Installations without PYTHON.json: infer what is inside, best witness first.

1. The installation's own build configuration (`_sysconfigdata_*.py`): the libraries linked
   into the interpreter's built-in modules (`-lreadline` GNU readline, `-ledit` libedit,
   `-lgdbm`, `-ldb` Berkeley DB).
2. Else PBS's timeline: from the release (file name, BUILD file or contents), the platform and
   the Python version, pbs-spec.md section 4.2 says whether GNU readline or gdbm is inside;
   every Linux build links Berkeley DB into `_dbm` (a separate lib-dynload file from 20251031).
The OpenSSL version string in libpython / the python executable says which OpenSSL is linked.
"""

from __future__ import annotations

import re

from licscan.inventory import corrections
from licscan.inventory.context import Context
from licscan.model import Correction, LinkKind, LinkUse
from licscan.pbs import timeline
from licscan.spdx import normalize

_DBM = re.compile(r"python/lib/python3[^/]*/lib-dynload/_dbm[^/]*\.so$")


def _in_era(
    era: timeline.GplEra, python_version: str, triple: str, window: tuple[str, str]
) -> bool:
    minor = ".".join(python_version.split(".")[:2])
    if "linux" not in triple or (era.component == "gdbm" and "i686" in triple):
        return False
    if timeline.prerelease_310(python_version):
        first, last = timeline.PRERELEASES_310
        return first <= window[0] and window[1] <= last
    return minor in era.versions and era.first <= window[0] and window[1] <= era.last


# -l<name> in the build configuration -> (catalog key, the module that links it)
_CONFIGURED = {
    "readline": ("readline", "readline"),
    "edit": ("libedit", "readline"),
    "gdbm": ("gdbm", "_gdbm"),
    "gdbm_compat": ("gdbm", "_dbm"),
    "db": ("bdb", "_dbm"),
}


def _configured(ctx: Context) -> set[str] | None:
    """Components the build configuration links into the interpreter (None: no config)."""
    build = ctx.build
    if build is None:
        return None
    found: set[str] = set()
    for flag in sorted(build.libraries):
        base = flag.split("-", 1)[0]
        if base not in _CONFIGURED:
            continue
        key, extension = _CONFIGURED[base]
        if key in found:
            continue
        found.add(key)
        where = build.member.removeprefix("python/")
        _add(
            ctx,
            key,
            extension,
            f"the installation's build configuration links -l{flag} into the interpreter.",
            None,
            code="inferred-from-build-config",
            evidence=(f"{where} build_time_vars MODLIBS/LIBS has -l{flag}",),
        )
    return found


def _add(
    ctx: Context,
    key: str,
    extension: str,
    why: str,
    container: str | None,
    *,
    code: str = "inferred-from-release",
    evidence: tuple[str, ...] = (),
) -> None:
    draft = ctx.draft(key)
    draft.add_use(LinkUse(extension, "default", "", LinkKind.UNSPECIFIED, container=container))
    entry = ctx.catalog.components[key]
    ids, public_domain = entry.licenses_at(ctx.release.newest)
    draft.concluded = normalize(list(ids), public_domain=public_domain)
    draft.corrections.append(
        Correction(
            code=code,
            message=f"installation without PYTHON.json: {why}",
            declared="NOASSERTION",
            concluded=draft.concluded.expression,
            evidence=evidence or (ctx.release.detail,),
        )
    )


def infer(ctx: Context, python_version: str | None, triple: str | None) -> list[str]:
    """Add the components the release timeline puts in this install_only archive.

    Returns notes saying what could not be inferred."""
    configured = _configured(ctx)
    notes = []
    window = ctx.release.window
    if configured is None and (window is None or not python_version or not triple):
        notes.append(
            "The release or platform of this installation is unknown (its name is not a PBS "
            "asset name and it has no build configuration), so licscan cannot tell from PBS's "
            "timeline whether GNU readline or gdbm is inside."
        )
    if configured is None and window is not None and python_version and triple:
        for era in timeline.ERAS:
            if era.component in ("readline", "gdbm") and _in_era(
                era, python_version, triple, window
            ):
                _add(ctx, era.component, era.extension, f"{era.statement}.", None)
    if window is not None and triple and "linux" in triple and "bdb" not in (configured or ()):
        dbm = sorted(n for n in ctx.member_names if _DBM.fullmatch(n))
        if dbm or window[1] < timeline.DBM_SHARED_RELEASE:
            where = dbm[0].removeprefix("python/") if dbm else None
            _add(ctx, "bdb", "_dbm", "every PBS Linux build links Berkeley DB into _dbm.", where)
    major, evidence = corrections.openssl_major(ctx)
    if major is not None:
        key = corrections.openssl_key(ctx, major)
        _add(ctx, key, "_ssl", f"{evidence[0]}.", None)
        corrections.version_from_evidence(ctx, ctx.drafts[key])
    return notes
