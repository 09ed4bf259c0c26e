"""Stage 5, render: the output formats, all from one `Report` (inventory + verdict).

Takes a `Report` and a format name; gives bytes (JSON, NOTICE, CycloneDX 1.6, SPDX 2.3,
review HTML). One module per format; `formats.FORMATS` names them; `files` writes them
atomically. Renderers never re-read the archive.
"""

from licscan.render.context import RenderContext, Renderer
from licscan.render.files import archive_stem, default_report_dir, report_paths, write_files
from licscan.render.formats import FORMATS, Format, render_format

__all__ = [
    "FORMATS",
    "Format",
    "RenderContext",
    "Renderer",
    "archive_stem",
    "default_report_dir",
    "render_format",
    "report_paths",
    "write_files",
]
