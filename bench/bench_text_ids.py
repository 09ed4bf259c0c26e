"""Benchmark: what license-text identification costs in a scan, and the engine's first scan.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_text_ids.py [--repeat 10] [ARCHIVE ...]

Each figure is the least of --repeat fresh processes (every one pays the first-use costs):

* for each ARCHIVE (default: the bundled example, written to a temporary folder), the seconds
  `licscan.scan` spends in text identification (`license_files.identify`, table look-up and
  engine scans included) and how many texts reached the engine;
* the engine on pip's MIT text stand-in as the first text of a process: loading the scanner
  (`text_ids_engine.preload`), then the scan cold (the engine's own memo, empty) and warm (with
  `data/engine-states.json`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_IN_SCAN = """
import json, sys, time
from licscan.inventory import license_files, text_ids
spent, engine = [0.0], [0]
identify, engine_scan = license_files.identify, text_ids.engine_scan
def timed(text):
    start = time.perf_counter()
    try:
        return identify(text)
    finally:
        spent[0] += time.perf_counter() - start
def counted(text):
    engine[0] += 1
    return engine_scan(text)
license_files.identify, text_ids.engine_scan = timed, counted
import licscan
licscan.scan(sys.argv[1])
print(json.dumps({"seconds": spent[0], "engine_texts": engine[0]}))
"""

_FIRST_SCAN = """
import importlib, json, time
from licscan.inventory import text_ids_engine
engine = importlib.import_module("licenseclassifier._engine.scan")
text = ("Copyright (c) pip developers\\n\\nPermission is hereby granted, free of charge, to any "
        "person obtaining a copy of this software and associated documentation files\\n")
start = time.perf_counter()
text_ids_engine.preload()
load = time.perf_counter() - start
warm = engine._builtin
cold = engine._load_prebuilt()
start = time.perf_counter(); cold.scan(text); cold_s = time.perf_counter() - start
start = time.perf_counter(); warm.scan(text); warm_s = time.perf_counter() - start
print(json.dumps({"load": load, "cold": cold_s, "warm": warm_s}))
"""


def _least(code: str, args: list[str], repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    return {key: min(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("archives", nargs="*", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archives = options.archives
        if not archives:
            sys.path.insert(0, str(ROOT))
            from licscan.cli.example import write_example

            archives = [write_example(Path(folder))]
        for archive in archives:
            found = _least(_IN_SCAN, [str(archive)], options.repeat)
            print(
                f"{archive.name}: text identification {found['seconds']:.4f} s, "
                f"{int(found['engine_texts'])} text(s) to the engine"
            )
    first = _least(_FIRST_SCAN, [], options.repeat)
    print(
        f"engine, first text of a process: load {first['load']:.4f} s, "
        f"scan cold {first['cold']:.4f} s, warm {first['warm']:.4f} s"
    )


if __name__ == "__main__":
    main()
