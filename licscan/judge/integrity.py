"""Findings about the evidence itself: license texts, corrected PBS metadata, OpenSSL's
version, system libraries, and how complete the inventory is (install_only archives)."""

from __future__ import annotations

import re

from licscan.model import (
    Component,
    FileStatus,
    Finding,
    Inventory,
    LicenseFile,
    Severity,
    Shipping,
)

_OPENSSL_FAMILY = ("openssl", "openssl-1.1", "openssl-3", "libressl")
_UNDECIDED = re.compile(r"no evidence|could not|cannot|undecided|undetermined", re.IGNORECASE)
_NOTHING_TO_DO = "Nothing to do in the archive; licscan reports the concluded license."
_CORRECTION_REMEDIES = {
    "openssl-double-annotation": "Nothing to do; licscan attributes only the linked OpenSSL's "
    "license and license text.",
    "windows-stale-dll-name": "Nothing to do; licscan hashes and reports the DLLs the archive "
    "actually ships.",
    "windows-msbuild-macro-link": "Nothing to do; the bogus link name is ignored.",
}
_NEVER_EXISTED = {
    "LICENSE.zstd.txt": ("zstd", "BSD-3-Clause", "3.14+, releases from 20250604"),
    "LICENSE.zlib-ng.txt": ("zlib-ng", "Zlib", "releases from 20250517"),
}


def find(inventory: Inventory) -> list[Finding]:
    """License-file, correction, OpenSSL, system-library and completeness findings."""
    found: list[Finding] = []
    reported: set[str] = set()
    for component in inventory.components:
        found += _component_files(component, reported)
        found += _corrections(component)
    found += _license_dir(inventory, reported)
    found += _openssl(inventory)
    found += _system_libraries(inventory)
    if inventory.partial:
        found.append(_partial(inventory))
    return found


def _severity(component: Component) -> Severity:
    return Severity.WARNING if component.shipping is Shipping.BUNDLED else Severity.INFO


def _referenced_by(component: Component, file: LicenseFile) -> str:
    if component.used_by:
        return f"PYTHON.json license_paths of {', '.join(component.used_by)} include {file.path}"
    return f"{component.key} references {file.path}"


def _component_files(component: Component, reported: set[str]) -> list[Finding]:
    found: list[Finding] = []
    seen: set[str] = set()
    for file in component.license_files:
        if file.status is FileStatus.PRESENT or file.path in seen:
            continue
        seen.add(file.path)
        reported.add(file.member)
        evidence = (_referenced_by(component, file),)
        if file.status is FileStatus.MISSING:
            found.append(_missing(component, file, evidence))
        elif file.status is FileStatus.EMPTY:
            found.append(
                Finding(
                    "license-file-empty",
                    _severity(component),
                    component.key,
                    f"{file.member}, the license text of {component.name}, is empty.",
                    evidence,
                    f"Supply {component.name}'s license text from its upstream source.",
                )
            )
        else:
            detail = f" ({file.detail})" if file.detail else ""
            found.append(
                Finding(
                    "license-file-unreadable",
                    _severity(component),
                    component.key,
                    f"licscan could not read {file.member}, the license text of {component.name}"
                    f"{detail}.",
                    evidence,
                    f"Check {file.member} by hand; it must be {component.name}'s license text.",
                )
            )
    return found


def _missing(component: Component, file: LicenseFile, evidence: tuple[str, ...]) -> Finding:
    base = file.path.rsplit("/", 1)[-1]
    known = _NEVER_EXISTED.get(base)
    if known is None:
        return Finding(
            "license-file-missing",
            _severity(component),
            component.key,
            f"{file.member} is referenced for {component.name} but is not in the archive.",
            evidence,
            f"Supply {component.name}'s license text from its upstream source.",
        )
    name, license_id, when = known
    message = (
        f"{file.member} is referenced for {component.name} but is not in the archive: "
        f"PBS ({when}) references {base}, a file that never existed in PBS."
    )
    if component.key != name:
        return Finding(
            "license-file-missing",
            Severity.INFO,
            component.key,
            message + f" {name} is not linked here: PBS matches the link name against every "
            f"library that provides it, so {component.name} also gets {name}'s file.",
            evidence,
            f"Nothing to do; {component.name}'s own license text covers what is linked.",
        )
    return Finding(
        "license-file-missing",
        _severity(component),
        component.key,
        message,
        evidence,
        f"Add {name}'s {license_id} license text from its upstream source to your notices.",
    )


def _corrections(component: Component) -> list[Finding]:
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for correction in component.corrections:
        if (correction.code, correction.message) in seen:
            continue
        seen.add((correction.code, correction.message))
        found.append(
            Finding(
                "pbs-metadata-corrected",
                Severity.INFO,
                component.key,
                correction.message
                if component.name in correction.message
                else f"{component.name}: {correction.message}",
                (
                    *correction.evidence,
                    f"correction {correction.code}: declared "
                    f"{correction.declared}; concluded {correction.concluded}",
                ),
                _CORRECTION_REMEDIES.get(correction.code, _NOTHING_TO_DO),
            )
        )
    return found


def _license_dir(inventory: Inventory, reported: set[str]) -> list[Finding]:
    found: list[Finding] = []
    unreferenced = [e for e in inventory.license_dir if not e.referenced]
    if unreferenced:
        names = [e.file.path.rsplit("/", 1)[-1] for e in unreferenced]
        message = (
            f"{len(names)} file{'s' if len(names) > 1 else ''} in python/licenses/ "
            f"{'are' if len(names) > 1 else 'is'} not referenced by any installed component: "
            f"{', '.join(names)}. PBS copies every license text into every archive, for all "
            "platforms; a file there is not evidence that the code is linked."
        )
        for name, entry in zip(names, unreferenced, strict=True):
            if entry.build_only_refs:
                message += (
                    f" {name}: only variants under build/ reference it "
                    f"({', '.join(entry.build_only_refs)})."
                )
        found.append(
            Finding(
                "license-file-unreferenced",
                Severity.INFO,
                None,
                message,
                tuple(e.file.member for e in unreferenced),
                "Nothing to do; leave these texts out of your notices unless you ship that code.",
            )
        )
    for entry in inventory.license_dir:
        file = entry.file
        if file.member in reported or file.status in (FileStatus.PRESENT, FileStatus.MISSING):
            continue
        reported.add(file.member)
        empty = file.status is FileStatus.EMPTY
        found.append(
            Finding(
                "license-file-empty" if empty else "license-file-unreadable",
                Severity.WARNING if entry.referenced else Severity.INFO,
                None,
                f"{file.member} is {'empty' if empty else 'unreadable'}"
                f"{f' ({file.detail})' if file.detail else ''}.",
                (file.member,),
                "Check the file by hand.",
            )
        )
    return found


def _openssl(inventory: Inventory) -> list[Finding]:
    family = [c for c in inventory.components if c.key in _OPENSSL_FAMILY]
    bundled = [c for c in family if c.shipping is Shipping.BUNDLED]
    noted = [
        c for c in family if any("openssl" in n.lower() and _UNDECIDED.search(n) for n in c.notes)
    ]
    if len(bundled) < 2 and not noted:
        return []
    keys = sorted({c.key for c in [*bundled, *noted]})
    evidence = [n for c in family for n in c.notes]
    evidence += [
        f"{e.member}: {e.what} {e.value}" for e in inventory.evidence if e.what == "openssl-version"
    ]
    return [
        Finding(
            "openssl-version-undecided",
            Severity.WARNING,
            keys[0] if len(keys) == 1 else None,
            "licscan could not decide which OpenSSL major version is linked (candidates: "
            f"{', '.join(keys)}), so the license reported for OpenSSL may be wrong.",
            tuple(evidence),
            "Check the version string in the OpenSSL library of the archive and keep the matching "
            "license: OpenSSL 1.1 is under the OpenSSL license (LICENSE.openssl-1.1.txt or "
            "LICENSE.openssl.txt), OpenSSL 3 under Apache-2.0 (LICENSE.openssl-3.txt).",
        )
    ]


def _system_libraries(inventory: Inventory) -> list[Finding]:
    libraries = inventory.system_libraries
    if not libraries:
        return []
    names = ", ".join(sorted({lib.name for lib in libraries}))
    return [
        Finding(
            "unknown-system-library",
            Severity.INFO,
            None,
            f"{len(libraries)} libraries are taken from the operating system with no license "
            f"information ({names}); the archive does not ship their code.",
            tuple(f"{lib.name} ({lib.kind}) used by {', '.join(lib.used_by)}" for lib in libraries),
            "Nothing to do for this archive; the operating system provides these libraries.",
        )
    ]


def _partial(inventory: Inventory) -> Finding:
    return Finding(
        "install-only-partial",
        Severity.WARNING,
        None,
        "install_only archive: it has no PYTHON.json, so the inventory is inferred from the "
        "file name, the installation and licscan's release catalog, without link evidence.",
        inventory.notes,
        "Scan the matching -full.tar.zst archive of the same release for a complete, "
        "evidence-based inventory.",
    )
