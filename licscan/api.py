"""The pipeline, as a library: scan -> judge -> render_report."""

from __future__ import annotations

import os
from datetime import date

from licscan.errors import MetadataError
from licscan.inventory import build_inventory
from licscan.judge import Policy, apply_policy, default_policy, find
from licscan.model import Flavor, Inventory, Report, Verdict
from licscan.pbs import infer_release, load_catalog, parse_asset_name, parse_python_json
from licscan.read import OpenSSLScanner, Progress, layout, read_archive
from licscan.render import render_format


def scan(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    allow_unknown_format: bool = False,
) -> Inventory:
    """Read a PBS archive or unpacked directory once and return its inventory."""
    scanner = OpenSSLScanner()
    contents = read_archive(path, keep=layout.keep, inspect=scanner, progress=progress)
    flavor = layout.detect_flavor(contents.members)
    metadata = None
    if flavor is Flavor.FULL:
        raw = contents.kept.get(layout.PYTHON_JSON)
        if raw is None:
            if layout.PYTHON_JSON in contents.not_kept:
                raise MetadataError(
                    f"{layout.PYTHON_JSON} could not be read: "
                    f"{contents.not_kept[layout.PYTHON_JSON]}"
                )
            if layout.LEGACY_LICENSE_RST not in contents.kept:
                raise MetadataError(
                    f"{contents.file_name} has python/install/ but no {layout.PYTHON_JSON}: "
                    "a full PBS archive always has one; the archive is incomplete or was "
                    "repacked. Scan the original -full.tar.zst."
                )
        else:
            metadata = parse_python_json(raw, allow_unknown_format=allow_unknown_format)
    asset = parse_asset_name(contents.file_name)
    release = infer_release(asset, metadata, (m.name for m in contents.members), load_catalog())
    return build_inventory(
        contents,
        metadata,
        flavor=flavor,
        asset=asset,
        release=release,
        evidence=scanner.evidence,
    )


def judge(
    inventory: Inventory,
    policy: Policy | None = None,
    *,
    today: date | None = None,
) -> Verdict:
    """Findings for an inventory, with a policy (the built-in default when None) applied."""
    return apply_policy(
        find(inventory),
        policy or default_policy(),
        today=today or date.today(),
        inventory=inventory,
    )


def report(path: str | os.PathLike[str], policy: Policy | None = None) -> Report:
    """scan + judge: what the renderers take."""
    inventory = scan(path)
    return Report(inventory, judge(inventory, policy))


def render_report(report: Report, fmt: str) -> bytes:
    """One output format of a report (json, notice, cyclonedx, spdx, html), as bytes.

    An unknown format raises `UsageError`, which names the formats there are."""
    return render_format(report, fmt)
