"""When PBS shipped GPL code inside the interpreter (pbs-spec.md section 4), in words.

The release date is the controlling variable: Linux 3.7-3.9 builds from 20190427 to
20221220 link GNU readline; `_gdbm` (gdbm) is linked on Linux 3.8/3.9 from 20210228 to
20221220; 3.10 final and every release from 20230116 are free of both.
"""

from __future__ import annotations

from dataclasses import dataclass

from licscan.model import ReleaseInfo, ReleaseSource

GPL_FREE_RELEASE = "20230116"
DBM_SHARED_RELEASE = "20251031"  # _dbm became a separate lib-dynload/_dbm*.so


@dataclass(frozen=True)
class GplEra:
    """One documented period in which a GPL library was in the installed interpreter."""

    component: str  # component key
    library: str  # what users know it as
    extension: str  # the extension that links it
    versions: tuple[str, ...]  # Python minor versions of the era
    first: str  # first release (YYYYMMDD)
    last: str  # last release
    statement: str  # the era in one sentence


ERAS: tuple[GplEra, ...] = (
    GplEra(
        "readline",
        "GNU readline",
        "readline",
        ("3.7", "3.8", "3.9"),
        "20190427",
        "20221220",
        "Linux 3.7-3.9 builds from 20190427 to 20221220 had GNU readline (the installed "
        "default variant of readline) inside the interpreter, as did the 3.10 pre-releases of "
        "20210228-20210724 and the first release 20181218",
    ),
    GplEra(
        "gdbm",
        "GNU gdbm",
        "_gdbm",
        ("3.8", "3.9"),
        "20210228",
        "20221220",
        "_gdbm linked gdbm on Linux 3.8/3.9 builds from 20210228 to 20221220 (and the 3.10 "
        "pre-releases of 20210228-20210724, and the first release 20181218)",
    ),
    GplEra(
        "gettext",
        "GNU gettext (libintl)",
        "",
        ("3.7", "3.8", "3.9"),
        "20200823",
        "20201020",
        "macOS builds from 20200823 to 20201020 linked gettext's libintl statically without "
        "annotating it; PBS later annotated gettext GPL-3.0-or-later",
    ),
)
_FIRST_RELEASE = "20181218"  # readline, gdbm and gdbm_compat, Linux 3.7.1 only
FIRST_PYTHON_JSON = "20190427"  # the first release with PYTHON.json (20181218 shipped none)
MUSL_DYNAMIC_RELEASE = "20250311"  # musl builds before it all link musl libc statically


def without_python_json(release: str | None) -> str | None:
    """Why a full archive of `release` has no PYTHON.json, when its release shipped none."""
    if release is None or release >= FIRST_PYTHON_JSON:
        return None
    return (
        f"is of PBS release {release}, which shipped no PYTHON.json (the first one is in "
        f"release {FIRST_PYTHON_JSON}); licscan reads releases from {FIRST_PYTHON_JSON} on. "
        f"Release {_FIRST_RELEASE} (CPython 3.7.1, Linux) links GNU readline and gdbm (GPL) "
        "into the interpreter."
    )


def era_for(component: str) -> GplEra | None:
    return next((e for e in ERAS if e.component == component), None)


def release_phrase(release: ReleaseInfo) -> str:
    """ "release 20221220 (from the archive file name)" or the inferred window, saying which."""
    if release.source is ReleaseSource.FILE_NAME and release.tag:
        return f"release {release.tag} (from the archive file name)"
    if release.source is ReleaseSource.BUILD_FILE and release.tag:
        return f"release {release.tag} (from the installation's BUILD file, written by uv)"
    how = (
        f"inferred from the archive contents: {release.detail}"
        if release.detail
        else ("inferred from the archive contents")
    )
    if release.tag:
        return f"release {release.tag} ({how})"
    if release.earliest and release.latest:
        if release.earliest == release.latest:
            return f"release {release.earliest} ({how})"
        return f"a release from {release.earliest} to {release.latest} ({how})"
    return "an unknown release (neither the file name nor the contents tell)"


def _minor(python_version: str | None) -> str | None:
    if not python_version:
        return None
    parts = python_version.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


PRERELEASES_310 = ("20210228", "20210724")  # 3.10.0a5-3.10.0b4: readline and _gdbm as 3.9


def prerelease_310(python_version: str | None) -> bool:
    """A 3.10.0 alpha or beta, built like 3.8/3.9 (GNU readline, _gdbm) in 20210228-20210724."""
    return bool(
        python_version
        and python_version.startswith("3.10.0")
        and any(c in python_version for c in "ab")
    )


def placement(era: GplEra, python_version: str | None, release: ReleaseInfo) -> str:
    """Whether this archive falls in the documented era, in one sentence."""
    window = release.window
    minor = _minor(python_version)
    version_fits = (
        minor is None
        or minor in era.versions
        or (era.component in ("readline", "gdbm") and prerelease_310(python_version))
    )
    if window is None:
        return f"{era.statement}; the release of this archive is unknown."
    earliest, latest = window
    first = _FIRST_RELEASE if era.component in ("readline", "gdbm") else era.first
    in_era = (era.first <= earliest and latest <= era.last) or latest == first == earliest
    overlaps = earliest <= era.last and latest >= era.first
    if in_era and version_fits:
        return f"{era.statement}; this archive is one of them."
    if overlaps and version_fits:
        return f"{era.statement}; this archive may be one of them."
    return (
        f"{era.statement}; this archive is outside that era, but its metadata shows "
        f"the link anyway."
    )


def gpl_remedy(
    era: GplEra | None, extension: str, removable: str | None, terms: str = "the GPL"
) -> str:
    """What to do about GPL code in the interpreter (or code under other `terms`, the license
    whose duties apply otherwise)."""
    if removable:
        drop = f"or delete {removable} (the {extension} extension, a separate shared library)"
    else:
        drop = (
            f"or drop the {extension} extension (it is compiled inside libpython / the "
            "python executable, so that means rebuilding without it)"
        )
    if era is None or era.component == "gettext":
        return (
            f"Use a PBS release that does not link this library, {drop}, or comply with "
            f"{terms} for the whole distribution."
        )
    return (
        f"Use a PBS release from {GPL_FREE_RELEASE} or later (every Python version there "
        "uses libedit and has no _gdbm), or Python >= 3.10 (3.10 final and every later "
        f"version are free of GNU readline and gdbm), {drop}."
    )
