"""Findings where the code in the binaries and the metadata or catalog disagree.

The inventory records each disagreement with both sides (`Inventory.disagreements`); this
module says what it means and what to do. Code that nothing declares is the one that matters
for compliance: it ships, and it needs its license honoured like any declared component.
"""

from __future__ import annotations

from licscan.model import Disagreement, DisagreementKind, Finding, Inventory, Severity

_WHAT = {
    DisagreementKind.UNDECLARED_CODE: (
        "undeclared-code",
        Severity.WARNING,
        "Attribute it like a declared component (licscan lists it, with the license PBS's "
        "component list gives it) and tell the distribution's maintainers.",
    ),
    DisagreementKind.CODE_CONTRADICTS: (
        "code-contradicts-metadata",
        Severity.WARNING,
        "Trust the code: attribute the library that is there. licscan keeps the declared "
        "component too, so nothing the metadata names is dropped; review which one ships.",
    ),
    DisagreementKind.DECLARED_CODE_ABSENT: (
        "declared-code-absent",
        Severity.INFO,
        "Nothing to remove; the declaration may be stale or the code built in a way the "
        "fingerprint does not see. Keep the attribution unless you confirm the code is absent.",
    ),
    DisagreementKind.VERSION_DIFFERS: (
        "version-differs",
        Severity.INFO,
        "licscan reports the version the code says; cite that one in notices and SBOMs.",
    ),
}


def _finding(inventory: Inventory, disagreement: Disagreement) -> Finding:
    finding_id, severity, remedy = _WHAT[disagreement.kind]
    component = inventory.component(disagreement.component)
    name = component.name if component is not None else disagreement.component
    return Finding(
        finding_id,
        severity,
        disagreement.component,
        f"{name}: {disagreement.declared}, but {disagreement.found}.",
        (
            f"declared: {disagreement.declared}",
            f"code: {disagreement.found}",
            *disagreement.evidence,
        ),
        remedy,
        component.concluded.expression if component is not None else None,
    )


def find(inventory: Inventory) -> list[Finding]:
    """One finding per disagreement between the code and the metadata or catalog."""
    return [_finding(inventory, d) for d in inventory.disagreements]
