"""Findings: what in an inventory needs attention, with the evidence and what to do.

`find(inventory)` is the judge stage's entry point. It works only from the Inventory:
licenses are the *concluded* ones (after licscan's corrections), shipping says whether
the archive carries the code. Copyleft and unknown licenses are judged in `copyleft.py`,
license files and corrected metadata in `integrity.py`; this module adds the SPDX-id checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from licscan.judge import code, copyleft, integrity, texts
from licscan.judge.categories import UNKNOWN, Term, classify, terms
from licscan.model import Component, Finding, Inventory, Severity, Shipping

__all__ = ["FINDING_IDS", "classify", "find", "sort_findings"]

FINDING_IDS: Mapping[str, str] = MappingProxyType(
    {
        "gpl-in-interpreter": "GPL/AGPL code in the installed interpreter (error)",
        "gpl-build-only": "GPL/AGPL object code only under build/ of a full archive (warning)",
        "source-offer": "Sleepycat (Berkeley DB): source-offer obligation (warning)",
        "disputed-license": "a license read two ways in public (data/disputes.json); the "
        "policy's [disputes] reading decides: the stricter one (default) is a warning, the "
        "shipped text info (policy stage)",
        "source-offer-not-configured": "code needs a source offer and the policy's [notice] "
        "table gives none for the NOTICE (warning, policy stage)",
        "weak-copyleft": "LGPL, MPL and other limited copyleft in shipped code (warning)",
        "copyleft": "other copyleft in shipped code, e.g. a GPL Python package (warning)",
        "copyleft-system-library": "copyleft license on a library taken from the OS (info)",
        "unknown-system-library": "libraries taken from the OS with no known license (info)",
        "unknown-license": "shipped code with no known license (warning; info for build/ only)",
        "unclassified-license": "an id license-expression's ScanCode index does not know (info)",
        "invalid-spdx-id": "a declared license id that is not SPDX (warning)",
        "deprecated-spdx-id": "a deprecated SPDX id, with its current form (info)",
        "license-file-missing": "a referenced license text absent from the archive (warning)",
        "license-file-empty": "an empty license text (warning; info if unreferenced)",
        "license-file-unreadable": "a license text licscan could not read (warning)",
        "license-file-unreferenced": "a file in python/licenses/ no installed code uses (info)",
        "license-text-mismatch": "a license text identified as another license than declared "
        "(info when both are permissive, else warning)",
        "undeclared-code": "a library's code is in the binaries but the metadata does not "
        "declare it (warning)",
        "code-contradicts-metadata": "the metadata declares one library, the binaries hold "
        "its rival (GNU readline vs libedit, OpenSSL 1.1 vs 3, zlib vs zlib-ng) (warning)",
        "declared-code-absent": "a statically linked library whose code the binaries meant to "
        "hold do not show (info)",
        "version-differs": "the catalog's or metadata's version is not the one in the code (info)",
        "pbs-metadata-corrected": "a known PBS metadata error licscan corrected (info)",
        "openssl-version-undecided": "which OpenSSL major version is linked is unknown (warning)",
        "install-only-partial": "install_only archive: no PYTHON.json, partial inventory (warning)",
        "denied-license": "shipped code under a license the policy denies (error, policy stage)",
    }
)

_SHIPPED = (Shipping.BUNDLED, Shipping.BUILD_ONLY)


def find(inventory: Inventory) -> tuple[Finding, ...]:
    """All findings for an inventory, sorted by severity (highest first), component, id."""
    found: list[Finding] = []
    for component in inventory.components:
        found += copyleft.component_findings(inventory, component)
        found += _id_findings(component)
        found += texts.find(component)
    found += integrity.find(inventory)
    found += code.find(inventory)
    return sort_findings(found)


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Severity (highest first), then component, id, message: a stable order for reports."""
    return tuple(
        sorted(
            findings,
            key=lambda f: (-f.severity.rank, f.component or "", f.id, f.message, f.evidence),
        )
    )


def _id_findings(component: Component) -> list[Finding]:
    found: list[Finding] = []
    shipped = component.shipping in _SHIPPED
    for written in component.declared.invalid:
        found.append(
            Finding(
                "invalid-spdx-id",
                Severity.WARNING if shipped else Severity.INFO,
                component.key,
                f"{component.name} declares {written!r}, which is not an SPDX license id.",
                (f"declared licenses: {', '.join(component.declared.written or ())}",),
                "Identify the license from the component's license text; licscan reports it as a "
                "LicenseRef.",
                component.concluded.expression,
            )
        )
    pairs = component.declared.deprecated
    for written, current in pairs:
        found.append(
            Finding(
                "deprecated-spdx-id",
                Severity.INFO,
                component.key,
                f"{component.name} declares {written}, a deprecated SPDX id; "
                f"it is read as {current}.",
                (f"declared licenses: {', '.join(component.declared.written or ())}",),
                f"Nothing to do; reports and SBOMs use {current}.",
            )
        )
    for term in _unclassified(component):
        found.append(
            Finding(
                "unclassified-license",
                Severity.INFO,
                component.key,
                f"{component.name} is under {term.id}, which license-expression's ScanCode index "
                "does not know, so licscan cannot tell whether it is copyleft.",
                (),
                "Review the license by hand.",
                component.concluded.expression,
            )
        )
    return found


def _unclassified(component: Component) -> list[Term]:
    invalid = {w.lower() for w in component.concluded.invalid}
    return [
        t
        for t in terms(component.concluded.expression)
        if classify(t.id) == UNKNOWN
        and not t.id.startswith("LicenseRef-")
        and t.id.lower() not in invalid
    ]
