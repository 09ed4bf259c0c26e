"""Stage 5, render: the output formats, all from one `Report` (inventory + verdict).

Takes a `Report` and a format name; gives bytes (JSON, NOTICE, CycloneDX 1.6, SPDX 2.3,
review HTML). One module per format; `formats.FORMATS` names them; `files` writes them
atomically; renderers never re-read the archive. Gate results (json, SARIF, JUnit) of all
reports of a container: `render_gate`; `licscan diff`: `render_diff`, `render_diff_page`;
many inputs: `render_index`, `brief` and `json_line` (what a worker sends back); `open_store`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from licscan.render.context import RenderContext, Renderer
    from licscan.render.diff import render_json as render_diff
    from licscan.render.diff_page import render_html as render_diff_page
    from licscan.render.files import (
        Content,
        archive_stem,
        default_report_dir,
        report_paths,
        write_files,
    )
    from licscan.render.formats import FORMATS, Format, render_format
    from licscan.render.gate import GATE_FORMATS, GateFormat, render_gate
    from licscan.render.index import IndexEntry, render_index
    from licscan.render.sbom_check import SbomVerdict, check_sbom
    from licscan.render.store import Store, StoredInstallation, file_sha256, open_store
    from licscan.render.strip import Removal, StripPlan, plan_strip
    from licscan.render.strip_write import (
        commit,
        copy_and_rescan,
        copy_archive,
        copy_folder,
        discard,
        file_identity,
        stage,
    )
    from licscan.render.summary import Brief, brief, json_line

# Each name is imported from its module on first use (PEP 562): `scan --json` loads the JSON
# renderer and `files`, not the store (sqlite3), the strip writer or the gate formats.
_EXPORTS: dict[str, tuple[str, str]] = {  # name -> (module, its name there)
    "RenderContext": ("context", "RenderContext"),
    "Renderer": ("context", "Renderer"),
    "render_diff": ("diff", "render_json"),
    "render_diff_page": ("diff_page", "render_html"),
    "Content": ("files", "Content"),
    "archive_stem": ("files", "archive_stem"),
    "default_report_dir": ("files", "default_report_dir"),
    "report_paths": ("files", "report_paths"),
    "write_files": ("files", "write_files"),
    "FORMATS": ("formats", "FORMATS"),
    "Format": ("formats", "Format"),
    "render_format": ("formats", "render_format"),
    "GATE_FORMATS": ("gate", "GATE_FORMATS"),
    "GateFormat": ("gate", "GateFormat"),
    "render_gate": ("gate", "render_gate"),
    "IndexEntry": ("index", "IndexEntry"),
    "render_index": ("index", "render_index"),
    "SbomVerdict": ("sbom_check", "SbomVerdict"),
    "check_sbom": ("sbom_check", "check_sbom"),
    "Store": ("store", "Store"),
    "StoredInstallation": ("store", "StoredInstallation"),
    "file_sha256": ("store", "file_sha256"),
    "open_store": ("store", "open_store"),
    "Removal": ("strip", "Removal"),
    "StripPlan": ("strip", "StripPlan"),
    "plan_strip": ("strip", "plan_strip"),
    "commit": ("strip_write", "commit"),
    "copy_and_rescan": ("strip_write", "copy_and_rescan"),
    "copy_archive": ("strip_write", "copy_archive"),
    "copy_folder": ("strip_write", "copy_folder"),
    "discard": ("strip_write", "discard"),
    "file_identity": ("strip_write", "file_identity"),
    "stage": ("strip_write", "stage"),
    "Brief": ("summary", "Brief"),
    "brief": ("summary", "brief"),
    "json_line": ("summary", "json_line"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "GATE_FORMATS",
    "Brief",
    "Content",
    "Format",
    "GateFormat",
    "IndexEntry",
    "Removal",
    "RenderContext",
    "Renderer",
    "SbomVerdict",
    "Store",
    "StoredInstallation",
    "StripPlan",
    "archive_stem",
    "brief",
    "check_sbom",
    "commit",
    "copy_and_rescan",
    "copy_archive",
    "copy_folder",
    "default_report_dir",
    "discard",
    "file_identity",
    "file_sha256",
    "json_line",
    "open_store",
    "plan_strip",
    "render_diff",
    "render_diff_page",
    "render_format",
    "render_gate",
    "render_index",
    "report_paths",
    "stage",
    "write_files",
]
