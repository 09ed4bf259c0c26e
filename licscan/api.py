"""The pipeline, as a library: scan -> judge -> render_report (and render_gate for CI;
diff / diff_all / render_diff to compare two inputs; open_store for the results store)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import licscan.render as render  # `render.X` loaded when first used: a scan loads no store or strip
from licscan.errors import InputError, MetadataError, OutputError, UsageError
from licscan.inventory import build_inventory
from licscan.judge import Policy, apply_policy, default_policy, find
from licscan.model import (
    ArchiveContents,
    BinaryEvidence,
    Container,
    Flavor,
    Inventory,
    ReleaseInfo,
    ReleaseSource,
    Report,
    Verdict,
)
from licscan.pbs import (
    infer_release,
    installation,
    load_catalog,
    parse_asset_name,
    parse_python_json,
    parse_uv_key,
    timeline,
)
from licscan.read import (
    DEFAULT_LIMITS,
    BinaryInspector,
    InputRef,
    KeepRule,
    Limits,
    Progress,
    Readable,
    discover,
    layout,
    read_archive,
    same_file,
)
from licscan.read import expand_inputs as _expand_inputs
from licscan.render import render_format

if TYPE_CHECKING:
    from licscan.judge import Comparison, Diff
    from licscan.render import SbomVerdict, Store, StripPlan


def scan_all(
    source: str | os.PathLike[str] | Readable,
    *,
    progress: Progress | None = None,
    allow_unknown_format: bool = False,
    name: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Inventory, ...]:
    """Read an archive or folder once; one inventory per Python installation found inside,
    in the order of their paths (a PBS archive or uv folder holds exactly one).

    `source` may also be a binary stream holding an archive (`sys.stdin.buffer`), read once:
    its sha256 is that of its bytes. `name` is the file name the PBS asset name (release,
    platform) is read from: by default the path's base name, "stdin" (nothing) for a stream.
    `limits` bound what the input may hold (README "Limits")."""
    found = _scan_views(source, progress, allow_unknown_format, name, limits=limits)
    return tuple(i for i, _ in found)


def _scan_views(
    source: str | os.PathLike[str] | Readable,
    progress: Progress | None,
    allow_unknown_format: bool,
    name: str | None,
    hash_rule: KeepRule = layout.hashed,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[tuple[Inventory, ArchiveContents], ...]:
    """scan_all, with each inventory's installation view (its members under python/)."""
    inspector = BinaryInspector(max_headers=limits.binary_headers)
    contents = read_archive(
        source,
        keep=layout.keep,
        inspect=inspector,
        progress=progress,
        hash_rule=hash_rule,
        name=name,
        limits=limits,
    )
    contents = replace(contents, binaries=inspector.facts)
    return tuple(
        (
            _inventory(
                view,
                discover.rebase_evidence(inspector.evidence, view.root),
                allow_unknown_format,
                limits,
            ),
            view,
        )
        for view in discover.installations(contents)
    )


def expand_inputs(arguments: Iterable[str | os.PathLike[str]]) -> list[InputRef]:
    """The inputs command-line arguments name, in order: an archive, an installation or a
    folder holding installations is one input, `-` is stdin, and the archives a folder holds
    outside its installations are inputs of their own (sorted by path; README "Many inputs")."""
    return _expand_inputs(arguments)


def scan(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    allow_unknown_format: bool = False,
) -> Inventory:
    """Read a PBS archive, an installation or a folder holding one; return its inventory.

    A container holding several installations raises InputError: use `scan_all`."""
    found = scan_all(path, progress=progress, allow_unknown_format=allow_unknown_format)
    if len(found) != 1:
        roots = ", ".join(i.archive.root or "." for i in found)
        raise InputError(
            f"{os.fspath(path)} holds {len(found)} Python installations ({roots}); "
            "scan them with licscan.scan_all (the licscan command reports each)"
        )
    return found[0]


def _inventory(
    contents: ArchiveContents,
    evidence: tuple[BinaryEvidence, ...],
    allow_unknown_format: bool,
    limits: Limits = DEFAULT_LIMITS,
) -> Inventory:
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
                named = parse_asset_name(_name(contents))
                if named is not None and (why := timeline.without_python_json(named.release)):
                    raise MetadataError(f"{_where(contents)} {why}")
                raise MetadataError(
                    f"{_where(contents)} has python/install/ but no {layout.PYTHON_JSON}: "
                    "a full PBS archive always has one; the archive is incomplete or was "
                    "repacked. Scan the original -full.tar.zst."
                )
        else:
            metadata = parse_python_json(
                raw, allow_unknown_format=allow_unknown_format, limits=limits
            )
    name = _name(contents)
    asset = parse_asset_name(name) or parse_uv_key(name)
    found_version = installation.python_version(contents) if metadata is None else None
    tag = installation.build_release(contents)
    build = installation.build_config(contents) if metadata is None else None
    if build is not None and not build.pbs_build and asset is None and tag is None:
        # another CPython build (a distro's, pyenv's): PBS's release timeline does not apply
        release = ReleaseInfo(
            ReleaseSource.UNKNOWN,
            detail=f"{build.member.removeprefix('python/')} shows no python-build-standalone "
            "configuration (no /install prefix, no /tools/deps): not a PBS build",
        )
    else:
        release = infer_release(
            asset,
            metadata,
            (m.name for m in contents.members),
            load_catalog(),
            python_version=found_version[0] if found_version else None,
            build_release=(tag, "the installation's BUILD file (written by uv)") if tag else None,
        )
    return build_inventory(
        contents,
        metadata,
        flavor=flavor,
        asset=asset,
        release=release,
        evidence=evidence,
        installed_version=found_version,
        build=build,
        limits=limits,
    )


def _name(contents: ArchiveContents) -> str:
    """The name that may be a PBS asset name or a uv key: the archive's, or its folder's."""
    if contents.root in ("python", ""):
        return contents.file_name
    return contents.root.rsplit("/", 1)[-1]


def _where(contents: ArchiveContents) -> str:
    return contents.file_name + (
        f" ({contents.root})" if contents.root not in ("python", "") else ""
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


def reports(path: str | os.PathLike[str], policy: Policy | None = None) -> tuple[Report, ...]:
    """scan_all + judge: one report per installation in the container."""
    return tuple(Report(inv, judge(inv, policy)) for inv in scan_all(path))


def render_report(report: Report, fmt: str) -> bytes:
    """One output format of a report (json, notice, cyclonedx, spdx, spdx3, html), as bytes.

    An unknown format raises `UsageError`, which names the formats there are."""
    return render_format(report, fmt)


def check_sbom(data: bytes, label: str = "the document") -> SbomVerdict:
    """The official library's verdict on an SBOM (`licscan validate`): cyclonedx-python-lib's
    strict schema validation for CycloneDX JSON, spdx-tools' parser and full validation for
    SPDX 2 JSON, spdx-python-model's deserializer for SPDX 3 JSON-LD. Bytes that are none of
    these raise `InputError`."""
    return render.check_sbom(data, label)


def render_gate(
    reports: Report | Sequence[Report], fmt: str, bad_inputs: Sequence[tuple[str, str]] = ()
) -> bytes:
    """The gate result (what `licscan check --format` writes) of one report or of several,
    one per installation of a container, as one document: `json` (`licscan/check/1`),
    `sarif` (SARIF 2.1.0, one run per installation) or `junit` (one testsuite each);
    `bad_inputs`: (input, error) of the inputs that could not be read, which fail the gate.

    An unknown format raises `UsageError`, which names the formats there are."""
    return render.render_gate(reports, fmt, bad_inputs)


def diff(old: Report, new: Report) -> Diff:
    """What changed from one judged installation to another (`licscan diff`): components
    added, removed or changed, findings new and gone, new violations and license ids."""
    from licscan.judge import diff_reports  # loaded here: a scan needs no diff

    return diff_reports(old, new)


def diff_all(old: Sequence[Report], new: Sequence[Report]) -> Comparison:
    """The installations of two inputs paired (one each: with each other; else by Python
    minor version and target triple) and diffed; unpaired ones have the other side None."""
    from licscan.judge import pair_reports

    return pair_reports(old, new)


def render_diff(
    comparison: Comparison | Diff, *, fail_on_new_license: bool = False, fmt: str = "json"
) -> bytes:
    """The diff as JSON (`licscan/diff/1`, `data/diff-schema.md`), or with `fmt="html"` as a
    page in the review page's style (what `licscan diff --html` writes)."""
    from licscan.judge import Comparison, Diff

    if isinstance(comparison, Diff):
        comparison = Comparison((comparison,))
    if fmt == "html":
        return render.render_diff_page(comparison, fail_on_new_license=fail_on_new_license)
    if fmt != "json":
        raise UsageError(f"unknown diff format {fmt!r}: choose json or html")
    return render.render_diff(comparison, fail_on_new_license=fail_on_new_license)


def open_store(path: str | os.PathLike[str]) -> Store:
    """The SQLite results store `--db` writes (`data/store-schema.md`), created when missing:
    `add(reports, path)` stores one input in one transaction (False when its sha256 is
    there), `lookup(sha256)`, `with_component(name)`, `with_license(id)`, `with_finding(id)`
    and `installations()` answer queries, `document(row)` gives a stored JSON document.

    Not a licscan store (or a newer schema) raises `InputError`."""
    return render.open_store(path)


@dataclass(frozen=True)
class StripResult:
    """What `strip` removed, the judged input and the judged output (re-scanned)."""

    output: Path
    plan: StripPlan
    before: Report
    after: Report


def strip(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    remove: Sequence[str] = (),
    policy: Policy | None = None,
    today: date | None = None,
) -> StripResult:
    """Write a copy of the distribution at `source` (archive or folder) to `output`, in the
    same container, without the extension modules that bring `remove` (component keys or
    extension names; default: what the policy denies, source offers and disputed licenses).

    Code inside libpython raises UsageError with the reason and the remedy; nothing is written
    then, nor when anything fails. The output is re-scanned before it is put in place (without
    member hashes, like the input: scan OUTPUT for an SBOM of it)."""
    src, out = os.fspath(source), Path(output)
    if src == "-":
        raise UsageError(
            "strip reads its input twice (to judge it, then to copy it), so it cannot read "
            "stdin: save it to a file and give that"
        )
    if same_file(src, out):
        raise UsageError(f"{out} is the input: give another OUTPUT")
    identity = render.file_identity(src)  # the copy reads the input again: it must be the same file
    found = _scan_views(src, None, False, None, layout.keep)
    if len(found) != 1:
        raise UsageError(f"{src} holds {len(found)} Python installations; strip one at a time")
    inventory, view = found[0]
    if inventory.archive.origin is not None:  # an image or an executable: not copied member-wise
        raise UsageError(
            f"{src} is {_kind(inventory.archive.container)}: strip copies archives and folders; "
            "strip the distribution before it goes into the image or executable"
        )
    before = Report(inventory, judge(inventory, policy, today=today))
    plan = render.plan_strip(before, view.members, remove)
    folder = inventory.archive.container is Container.DIRECTORY
    staged = render.stage(out, inventory.archive.container)
    try:
        if folder:
            render.copy_folder(src, staged, plan)
            ((after_inventory, _),) = _scan_views(staged, None, False, out.name, layout.keep)
        else:
            after_inventory = render.copy_and_rescan(
                src, staged, plan, lambda r: _rescanned(r, out)
            )
            if render.file_identity(src) != identity:
                raise InputError(f"{src} changed while it was being stripped; nothing written")
        left = [
            key
            for r in plan.removals
            for key in r.components
            if (c := after_inventory.component(key)) is not None and c.shipping.value != "system"
        ]
        if left:
            raise OutputError(f"the stripped copy still carries {', '.join(left)}; not written")
        after = Report(after_inventory, judge(after_inventory, policy, today=today))
        render.commit(staged, out)
    except BaseException:
        render.discard(staged)
        raise
    return StripResult(out, plan, before, after)


def _kind(container: Container) -> str:
    if container is Container.EXECUTABLE:
        return "an executable with a distribution inside"
    return f"a container image ({container})"


def _rescanned(reader: Readable, out: Path) -> Inventory:
    """The copy's bytes scanned: every byte read and inspected, no member hashed (judging needs
    none, as for the input)."""
    ((inventory, _),) = _scan_views(reader, None, False, out.name, layout.keep)
    return replace(inventory, archive=replace(inventory.archive, source=os.fspath(out)))
