"""Source offers: which shipped code obliges the distributor to offer its source code.

GPL, LGPL and AGPL (object code comes with the source or a written offer for it), MPL, EPL,
CDDL and the other limited copyleft licenses (recipients must be told how to get the source)
and Sleepycat (Berkeley DB: the source must be available) all do: every license in
ScanCode's Copyleft and Copyleft Limited categories, unless an OR choice avoids it or a
runtime exception (GCC's) frees the object code. The NOTICE writes the offer from the
policy's `[notice]` table; without it the judge reports `source-offer-not-configured`.
"""

from __future__ import annotations

from dataclasses import dataclass

from licscan.judge.categories import (
    Term,
    canonical_id,
    classify,
    is_copyleft_category,
    unavoidable,
)
from licscan.model import Component, Finding, Inventory, NoticeSettings, Severity, Shipping

# Exceptions that free the object code from the copyleft license's source duty.
RUNTIME_EXCEPTIONS = frozenset({"gcc-exception-2.0", "gcc-exception-2.0-note", "gcc-exception-3.1"})
_DISTRIBUTED = (Shipping.BUNDLED, Shipping.BUILD_ONLY)


@dataclass(frozen=True)
class OfferItem:
    """A distributed component whose license needs a source offer, and those licenses."""

    component: Component
    licenses: tuple[str, ...]  # the ids that need it, in their current spelling


def needs_offer(term: Term) -> bool:
    """Does this license term oblige the distributor of object code to offer the source?"""
    if term.exception and term.exception.lower() in RUNTIME_EXCEPTIONS:
        return False
    return is_copyleft_category(classify(term.id))


def offer_items(inventory: Inventory) -> tuple[OfferItem, ...]:
    """Every component the archive carries (installed or under build/) that needs an offer."""
    items = []
    for component in inventory.components:
        if component.shipping not in _DISTRIBUTED:
            continue
        found = unavoidable(component.concluded.expression, needs_offer)
        if found:
            ids = tuple(dict.fromkeys(canonical_id(t.id) for t in found))
            items.append(OfferItem(component, ids))
    return tuple(items)


def offer_findings(inventory: Inventory, notice: NoticeSettings) -> list[Finding]:
    """`source-offer-not-configured` when code needs an offer the policy does not give."""
    items = offer_items(inventory)
    if not items or notice.offer_configured:
        return []
    names = ", ".join(f"{i.component.name} ({', '.join(i.licenses)})" for i in items)
    missing = [
        key
        for key, value in (
            ("offer_from", notice.offer_from),
            ("offer_contact or offer_url", notice.offer_contact or notice.offer_url),
        )
        if not value
    ]
    return [
        Finding(
            "source-offer-not-configured",
            Severity.WARNING,
            None,
            f"The distribution carries code whose license requires a source offer ({names}), "
            "and the policy gives no written offer for the NOTICE.",
            (f"[notice] lacks {' and '.join(missing)}",),
            'Set [notice] offer_from = "..." and offer_contact or offer_url in the policy file '
            "(and publish the source there), or remove the components.",
        )
    ]
