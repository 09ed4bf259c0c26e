"""The output formats: name -> (renderer, file suffix). The CLI and the API look formats up here."""

from __future__ import annotations

from typing import NamedTuple

from licscan.render import Renderer, cyclonedx, html, json, notice, spdx


class Format(NamedTuple):
    renderer: Renderer
    suffix: str  # appended to the archive's base name when writing to a directory


FORMATS: dict[str, Format] = {
    "json": Format(json.render, ".licscan.json"),
    "notice": Format(notice.render, ".NOTICE.txt"),
    "cyclonedx": Format(cyclonedx.render, ".cdx.json"),
    "spdx": Format(spdx.render, ".spdx.json"),
    "html": Format(html.render, ".review.html"),
}
