"""Read a container image as the file system its layers make, each layer read once.

The layers are read top first (the last applied first), each as a stream from its blob (its
sha256 checked against the manifest): a member is recorded when no higher layer has given
that path already, put a file where one of its parent folders is, or deleted it with a
whiteout (`.wh.NAME`: NAME and what is under it; `.wh..wh..opq`: everything the folder held in
lower layers). What is recorded is the final image; every member says which layer it came
from. Only names are remembered across layers, never contents.
"""

from __future__ import annotations

import os
import posixpath
import tarfile
from dataclasses import replace

from licscan.errors import ArchiveError
from licscan.model import ArchiveContents, Container, Origin
from licscan.read.archive import (
    EntryHandler,
    add_tar_member,
    contents_of,
    read_tar,
)
from licscan.read.image_index import Blobs, Image, check_digest, find_image
from licscan.read.members import MemberCollector, normalize_name
from licscan.read.options import ReadOptions
from licscan.read.tar_stream import Entry, TarStream

WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"


class Overlay:
    """What the layers above the current one decided: paths given, deleted or made opaque."""

    def __init__(self) -> None:
        self.given: set[str] = set()  # paths a higher layer (or this one) recorded
        self.not_folders: set[str] = set()  # ... of them, those that are not directories
        self.deleted: set[str] = set()  # whited out by a higher layer
        self.opaque: set[str] = set()  # folders whose lower contents are hidden
        self._pending_deleted: set[str] = set()
        self._pending_opaque: set[str] = set()

    def hidden(self, name: str) -> bool:
        """Whether a lower layer's `name` is not in the final image."""
        if name in self.given or name in self.deleted:
            return True
        parent = name
        while "/" in parent:
            parent = parent.rpartition("/")[0]
            if parent in self.not_folders or parent in self.deleted or parent in self.opaque:
                return True
        return "" in self.opaque  # `.wh..wh..opq` at the top of the layer

    def whiteout(self, name: str) -> bool:
        """Note a whiteout entry (it applies to lower layers only); False for other names."""
        folder, base = posixpath.split(name)
        if base == OPAQUE:
            self._pending_opaque.add(folder)
        elif base.startswith(WHITEOUT):
            self._pending_deleted.add(posixpath.join(folder, base[len(WHITEOUT) :]))
        else:
            return False
        return True

    def record(self, name: str, is_folder: bool) -> None:
        self.given.add(name)
        if not is_folder:
            self.not_folders.add(name)

    def end_layer(self) -> None:
        self.deleted |= self._pending_deleted
        self.opaque |= self._pending_opaque
        self._pending_deleted, self._pending_opaque = set(), set()


def read_image(blobs: Blobs, options: ReadOptions) -> ArchiveContents:
    """The final file system of the one image `blobs` holds, its origin said."""
    image = find_image(blobs)
    source = blobs.source
    collector = options.collector(source)
    limits, progress = options.limits, options.progress
    overlay = Overlay()
    _check_layers(blobs, image)
    total = sum(blobs.size(p) for p in image.paths)
    done = 0
    for layer in reversed(image.layers):
        path = image.paths[layer.index]
        label = f"{source}: layer {layer.index} ({path})"
        start = len(collector.members)

        def step(consumed: int, _total: int, before: int = done) -> None:
            if progress is not None:
                progress(before + consumed, total)

        with blobs.open(path) as region:
            _, digest, size = read_tar(
                region,
                label,
                0,
                collector,
                limits,  # all layers within the limit total_bytes
                step,
                _layer_entry(overlay),
            )
        expected = image.diff_ids[layer.index] if image.diff_ids else layer.digest
        check_digest(source, f"layer {layer.index} ({path})", expected, digest)
        overlay.end_layer()
        done += size
        collector.members[start:] = [
            replace(m, layer=layer.index) for m in collector.members[start:]
        ]
    if not image.layers:
        raise ArchiveError(f"{source} is an image with no layers")
    file_name = options.name or os.path.basename(os.path.abspath(source))
    contents = contents_of(
        source,
        file_name,
        blobs.kind,
        image.digest.partition(":")[2],
        total if blobs.kind is Container.OCI_LAYOUT else os.path.getsize(source),
        collector,
    )
    return replace(contents, origin=_origin(blobs, image))


def _layer_entry(overlay: Overlay) -> EntryHandler:
    def add(tar: TarStream, entry: Entry, collector: MemberCollector) -> None:
        name = normalize_name(entry.name, collector.source)
        if not name or overlay.whiteout(name) or overlay.hidden(name):
            return  # data not consumed: the tar stream skips it
        overlay.record(name, entry.type == tarfile.DIRTYPE)
        add_tar_member(tar, entry, collector)

    return add


def _origin(blobs: Blobs, image: Image) -> Origin:
    return Origin(
        kind=blobs.kind,
        name=image.name,
        digest=image.digest,
        platform=image.platform,
        layers=image.layers,
    )


def _check_layers(blobs: Blobs, image: Image) -> None:
    """Every layer blob is there and of the size its descriptor says, before any is read."""
    for layer in image.layers:
        path = image.paths[layer.index]
        what = f"{blobs.source}: layer {layer.index} ({path})"
        if not blobs.has(path):
            raise ArchiveError(f"{what} is missing from the image")
        actual = blobs.size(path)
        if image.diff_ids is None and layer.size and layer.size != actual:
            raise ArchiveError(
                f"{what} is {actual} bytes, the manifest says {layer.size}: "
                "the image is damaged or was altered"
            )
