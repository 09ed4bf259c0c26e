"""install_only archives carry no PYTHON.json: infer what PBS's timeline says is inside.

From the release (file name or contents), the platform (file name) and the Python version,
pbs-spec.md section 4.2 says whether GNU readline or gdbm is in the interpreter; every Linux
build links Berkeley DB into `_dbm` (a separate lib-dynload file from 20251031); the OpenSSL
version string in libpython / the python executable says which OpenSSL is linked.
"""

from __future__ import annotations

import re

from licscan.inventory import corrections
from licscan.inventory.context import Context
from licscan.model import Correction, LinkKind, LinkUse
from licscan.pbs import timeline
from licscan.spdx import normalize

_DBM = re.compile(r"python/lib/python3[^/]*/lib-dynload/_dbm[^/]*\.so$")


def _in_era(era: timeline.GplEra, minor: str, triple: str, window: tuple[str, str]) -> bool:
    if minor not in era.versions or "linux" not in triple:
        return False
    if era.component == "gdbm" and "i686" in triple:
        return False
    return era.first <= window[0] and window[1] <= era.last


def _add(ctx: Context, key: str, extension: str, why: str, container: str | None) -> None:
    draft = ctx.draft(key)
    draft.add_use(LinkUse(extension, "default", "", LinkKind.UNSPECIFIED, container=container))
    entry = ctx.catalog.components[key]
    ids, public_domain = entry.licenses_at(ctx.release.newest)
    draft.concluded = normalize(list(ids), public_domain=public_domain)
    draft.corrections.append(
        Correction(
            code="inferred-from-release",
            message=f"install_only archive without PYTHON.json: {why}",
            declared="NOASSERTION",
            concluded=draft.concluded.expression,
            evidence=(ctx.release.detail,),
        )
    )


def infer(ctx: Context, python_version: str | None, triple: str | None) -> list[str]:
    """Add the components the release timeline puts in this install_only archive.

    Returns notes saying what could not be inferred."""
    window = ctx.release.window
    if window is None or not python_version or not triple:
        return [
            "The release or platform of this install_only archive is unknown (its file name is "
            "not a PBS asset name), so licscan cannot tell from PBS's timeline whether GNU "
            "readline or gdbm is inside."
        ]
    minor = ".".join(python_version.split(".")[:2])
    for era in timeline.ERAS:
        if era.component in ("readline", "gdbm") and _in_era(era, minor, triple, window):
            _add(ctx, era.component, era.extension, f"{era.statement}.", None)
    if "linux" in triple:
        dbm = sorted(n for n in ctx.member_names if _DBM.fullmatch(n))
        if dbm or window[1] < timeline.DBM_SHARED_RELEASE:
            where = dbm[0].removeprefix("python/") if dbm else None
            _add(ctx, "bdb", "_dbm", "every PBS Linux build links Berkeley DB into _dbm.", where)
    major, evidence = corrections.openssl_major(ctx)
    if major is not None:
        key = corrections.openssl_key(ctx, major)
        _add(ctx, key, "_ssl", f"{evidence[0]}.", None)
        corrections.version_from_evidence(ctx, ctx.drafts[key])
    return []
