"""An archive's tar stream with every member's header blocks as read, for copying members
verbatim (`licscan strip`): the same container detection, decompression thread, budget and
corruption checks as `read_archive`, without collecting anything."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, cast

import zstandard

from licscan.errors import ArchiveError, InputError
from licscan.model import Container
from licscan.read.archive import _CORRUPT, _plain, container_of, read_head
from licscan.read.limits import DEFAULT_LIMITS
from licscan.read.streams import BLOCK_SIZE, DecompressedBlocks, Peeked, Readable, ZstdFrameCheck
from licscan.read.tar_stream import TarFormatError, TarStream


@contextmanager
def raw_tar(path: str | os.PathLike[str]) -> Iterator[tuple[Container, TarStream]]:
    """The container of the archive at `path` and its tar stream (`keep_headers=True`).

    Read every entry (and its data) inside the block; the stream is then read to its end, so
    damage after the tar end marker is noticed too. Corruption is an ArchiveError."""
    source = os.fspath(path)
    limit = DEFAULT_LIMITS.total_bytes
    try:
        raw = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from exc
    with raw:
        head = read_head(raw)
        container = container_of(head, source)

        def open_stream(reader: Readable) -> Readable:
            if container is Container.ZSTD_TAR:
                return zstandard.ZstdDecompressor().stream_reader(
                    cast(IO[bytes], reader),
                    read_size=BLOCK_SIZE,  # few large reads: few GIL hand-overs
                    read_across_frames=True,
                    closefd=False,
                )
            if container is Container.GZIP_TAR:
                return gzip.GzipFile(fileobj=cast(IO[bytes], reader), mode="rb")
            return reader

        def too_big() -> ArchiveError:
            return ArchiveError(f"{source} unpacks to more than {limit:,} bytes")

        frames = ZstdFrameCheck() if container is Container.ZSTD_TAR else None
        blocks = DecompressedBlocks(
            open_stream, Peeked(head, raw), os.fstat(raw.fileno()).st_size, limit, too_big,
            None, frames, hashed=False,  # the copy needs no input sha256: pass 1 has it
        )  # fmt: skip
        try:
            yield container, TarStream(iter(blocks), keep_headers=True)
            blocks.finish()
        except TarFormatError as exc:
            raise ArchiveError(f"{source} is truncated or corrupt: {exc}") from exc
        except _CORRUPT as exc:
            raise ArchiveError(f"{source} is truncated or corrupt: {_plain(exc)}") from exc
        finally:
            blocks.close()
