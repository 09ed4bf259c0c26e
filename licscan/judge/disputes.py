"""Disputed licenses: which reading a policy follows, and the `disputed-license` finding.

A policy's `[disputes]` table names a dispute (data/disputes.json) and the reading the company
follows: "strict" (the default: the stricter reading, e.g. AGPL-3.0-only for Berkeley DB 6.x,
a network copyleft that needs review) or "shipped-text" (the license text the archive carries,
e.g. Sleepycat). The finding carries the followed reading's expression as its license, so a
policy's `deny` list catches it.
"""

from __future__ import annotations

from collections.abc import Mapping

from licscan.errors import PolicyError
from licscan.inventory import known_disputes
from licscan.model import Component, Finding, Inventory, LicenseDispute, Severity, Shipping

STRICT = "strict"
SHIPPED_TEXT = "shipped-text"
READINGS = (STRICT, SHIPPED_TEXT)
_DISTRIBUTED = (Shipping.BUNDLED, Shipping.BUILD_ONLY)


def parse_readings(value: object, where: str) -> tuple[tuple[str, str], ...]:
    """The `[disputes]` table: dispute id -> "strict" or "shipped-text"."""
    at = f"{where}: [disputes]"
    if not isinstance(value, dict):
        raise PolicyError(f'{at} must be a table, e.g. [disputes] berkeley-db = "strict"')
    ids = [d.id for d in known_disputes()]
    readings: list[tuple[str, str]] = []
    for key, reading in sorted(value.items()):
        if key not in ids:
            raise PolicyError(
                f"{at}: {key!r} is not a dispute licscan knows; known: {', '.join(ids)}"
            )
        if reading not in READINGS:
            raise PolicyError(
                f"{at} {key} = {reading!r}: choose {' or '.join(repr(r) for r in READINGS)}"
            )
        readings.append((key, reading))
    return tuple(readings)


def sources_text(dispute: LicenseDispute) -> tuple[str, ...]:
    """Every source of both readings, one line each: 'Sleepycat: <document> (<url>): <says>'."""
    lines = []
    for reading in (dispute.shipped, dispute.other):
        for source in reading.sources:
            url = f" ({source.url})" if source.url else ""
            lines.append(f"{reading.expression}: {source.document}{url}: {source.says}")
    return tuple(lines)


def dispute_phrase(dispute: LicenseDispute) -> str:
    """'Sleepycat per the bundled license text; disputed: AGPL-3.0-only per <basis>'."""
    return (
        f"{dispute.shipped.expression} per {dispute.shipped.basis}; disputed: "
        f"{dispute.other.expression} per {dispute.other.basis}"
    )


def _finding(component: Component, dispute: LicenseDispute, reading: str, policy: str) -> Finding:
    version = f" {component.version}" if component.version else ""
    shipped, other = dispute.shipped.expression, dispute.other.expression
    message = f"{component.name}{version}: {dispute_phrase(dispute)}. {dispute.summary}"
    if not dispute.version_known:
        message += (
            f" The version is unknown; the dispute concerns versions {', '.join(dispute.versions)}."
        )
    if reading == STRICT:
        message += (
            f" Policy {policy!r} follows the stricter reading ({other}), which needs review "
            "before you distribute this code."
        )
        remedy = (
            f"Have legal decide which reading you follow and record it in the policy "
            f'([disputes] {dispute.id} = "{SHIPPED_TEXT}" to follow {shipped}), comply with '
            f"{other}, or remove the code (licscan strip, when it is a separate file)."
        )
    else:
        message += f" Policy {policy!r} follows the shipped license text ({shipped})."
        remedy = f"Nothing to do under this policy; meet the {shipped} terms."
    return Finding(
        "disputed-license",
        Severity.WARNING if reading == STRICT else Severity.INFO,
        component.key,
        message,
        sources_text(dispute),
        remedy,
        other if reading == STRICT else shipped,
    )


def dispute_findings(
    inventory: Inventory, readings: Mapping[str, str], policy: str
) -> list[Finding]:
    """One `disputed-license` finding per dispute about code the archive carries."""
    return [
        _finding(component, dispute, readings.get(dispute.id, STRICT), policy)
        for component in inventory.components
        if component.shipping in _DISTRIBUTED
        for dispute in component.disputes
    ]
