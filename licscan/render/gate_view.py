"""What the gate formats (json, sarif, junit) share: the rules, outcomes, names and members
a finding's evidence mentions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from licscan.model import Finding, Inventory, Report

BadInputs = Sequence[tuple[str, str]]  # inputs not read: (the input as named, its error)


def rule_ids(reports: Sequence[Report]) -> list[str]:
    """Every finding id licscan knows (`FINDING_IDS` order), then any other id a finding
    has (sorted): one SARIF rule / JUnit test case each."""
    from licscan.judge import FINDING_IDS  # here: importing licscan.render stays cheap

    extra = {f.id for r in reports for f in r.verdict.findings} - set(FINDING_IDS)
    return [*FINDING_IDS, *sorted(extra)]


def rule_description(rule: str) -> str:
    """What `FINDING_IDS` says of the rule (the id itself for one it does not know)."""
    from licscan.judge import FINDING_IDS

    return FINDING_IDS.get(rule, rule)


def overall_status(reports: Sequence[Report]) -> str:
    """The worst status of the reports: "fails policy", "needs review" or "pass"."""
    order = ("fails policy", "needs review", "pass")
    return min((r.verdict.status for r in reports), key=order.index, default="pass")


def is_violation(finding: Finding) -> bool:
    """Counts against the policy: violates it and no waiver covers it."""
    return finding.violates_policy and finding.waiver is None


def installation_label(inventory: Inventory) -> str:
    """The archive's file name, with the installation's path when it is not the archive's
    own (`bundle (old/py)`)."""
    archive = inventory.archive
    if archive.root in ("python", ""):
        return archive.file_name
    return f"{archive.file_name} ({archive.root})"


def release_text(inventory: Inventory) -> str:
    """`20240415`, `20221220..20230116` (a window inferred from the contents) or `unknown`."""
    release = inventory.release
    if release.tag:
        return release.tag
    if release.earliest or release.latest:
        return f"{release.earliest or '?'}..{release.latest or '?'}"
    return "unknown"


# A member path in a finding's evidence: `python/...`, or a path relative to `python/`
# (`build/lib/libgdbm.a`, `licenses/LICENSE.zlib.txt`, `lib/python3.9/...`).
_MEMBER = re.compile(
    r"(?<![\w./-])((?:python/)?(?:install|build|licenses|lib|bin|include|Lib|DLLs|libs)"
    r"/[^\s,;:()\[\]\"'`]*[^\s,;:()\[\]\"'`.])"
)


def evidence_members(finding: Finding) -> list[str]:
    """The archive members a finding's evidence names, as member names (`python/...`),
    in order of first mention."""
    found: list[str] = []
    for line in finding.evidence:
        for match in _MEMBER.finditer(line):
            member = match.group(1)
            if not member.startswith("python/"):
                member = f"python/{member}"
            if member not in found:
                found.append(member)
    return found


def container_path(inventory: Inventory, member: str) -> str:
    """Where a member (`python/...`, licscan's name) sits in the container: PBS archives
    keep `python/`; an installation found at another path has that path instead."""
    root = inventory.archive.root
    if root == "python":
        return member
    rest = member.removeprefix("python/")
    return f"{root}/{rest}" if root else rest
