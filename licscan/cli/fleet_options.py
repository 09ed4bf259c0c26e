"""The command-line options of `fleet.py`: `--jobs N` and `--dask-scheduler ADDRESS`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

JobsOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Inputs scanned in parallel processes (default: the cores; 1: one after the other).",
        show_default=False,
    ),
]
SchedulerOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--dask-scheduler",
        help="Scan the inputs on this Dask cluster (tcp://HOST:PORT; pip install "
        "'licscan\\[dask]'): its workers read them, so give URLs or shared paths.",
        show_default=False,
    ),
]
