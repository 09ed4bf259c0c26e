"""The long fuzz campaign over the readers (issue #13). Run by hand, not in the test suite:

    .venv/bin/python bench/fuzz.py --inputs 1000000 --seed 1 --out /tmp/licscan-fuzz

Mutates the seeds of `tests/hostile/fuzzing.py` (small tars of every member kind, then
compressed as gzip, zstd, zstd after a skippable frame or two gzip members; PYTHON.json;
ELF, Mach-O and PE headers) and feeds every input to its target. A crash is an exception
other than a `LicscanError`, or an error message that is not one short line; an input that
takes longer than `--slow` seconds is reported too. Each crashing or slow input is saved in
OUT/ (name: target-kind-number.bin) so it can become a case in tests/hostile/; the figures
go to OUT/summary.json every 10,000 inputs and at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile.fuzzing import (  # noqa: E402
    binary_seeds,
    compressed,
    crash_of,
    json_seeds,
    mutate,
    tar_seeds,
)

# share of the inputs per target (the tar reader gets most, through every container)
WEIGHTS = {"tar": 0.55, "tar+inspect": 0.05, "json": 0.2, "binary": 0.2}


def make_input(target: str, rng: random.Random, seeds: dict[str, list[bytes]]) -> bytes:
    if target in ("tar", "tar+inspect"):
        seed = rng.choice(seeds["tar"])
        kind = rng.randrange(5)
        if kind and rng.random() < 0.3:  # damage the compressed stream itself
            return mutate(compressed(seed, kind), rng)
        return compressed(mutate(seed, rng), kind)  # a good stream of a damaged tar
    if target == "json":
        seed = rng.choice(seeds["json"])
        if rng.random() < 0.2:
            return random_json(rng).encode("utf-8", "surrogatepass")
        return mutate(seed, rng)
    return mutate(rng.choice(seeds["binary"]), rng)


def random_json(rng: random.Random, depth: int = 0) -> str:
    """A random JSON document shaped a little like PYTHON.json (wrong types everywhere)."""
    keys = (
        "version", "python_version", "build_info", "core", "extensions", "links", "name",
        "licenses", "license_paths", "variant", "objs", "python_paths", "target_triple",
    )  # fmt: skip
    pick = rng.randrange(8 if depth < 6 else 4)
    if pick == 0:
        return rng.choice(("null", "true", "0", "-1", "1e999", '"\\ud800"', '""'))
    if pick == 1:
        return json.dumps(rng.choice(("8", "3.12.1", "../../etc/passwd", "/abs", "[/]")))
    if pick == 2:
        return str(rng.randint(-(2**70), 2**70))
    if pick == 3:
        return json.dumps("x" * rng.randint(0, 64))
    if pick in (4, 5):
        items = [
            f"{json.dumps(rng.choice(keys))}: {random_json(rng, depth + 1)}"
            for _ in range(rng.randint(0, 5))
        ]
        return "{" + ", ".join(items) + "}"
    return "[" + ", ".join(random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))) + "]"


class Hang(BaseException):
    """Raised by the alarm in the middle of an input that takes far too long."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("/tmp/licscan-fuzz"))
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--hang", type=float, default=30.0)
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    seeds = {"tar": tar_seeds(), "json": json_seeds(), "binary": binary_seeds()}
    targets, weights = zip(*WEIGHTS.items(), strict=True)
    tried = dict.fromkeys(WEIGHTS, 0)
    crashes: dict[str, dict[str, object]] = {}
    slow = 0
    started = time.monotonic()

    def save_summary() -> None:
        summary = {
            "inputs": sum(tried.values()),
            "per_target": tried,
            "distinct_crashes": len(crashes),
            "crashes": crashes,
            "slow_inputs": slow,
            "seconds": round(time.monotonic() - started, 1),
            "seed": args.seed,
        }
        (args.out / "summary.json").write_text(json.dumps(summary, indent=1))

    for number in range(args.inputs):
        target = rng.choices(targets, weights)[0]
        data = make_input(target, rng, seeds)
        began = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, args.hang)
        try:
            crash = crash_of(target, data)
        except Hang:
            crash = f"hang: more than {args.hang:g} s"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.monotonic() - began
        tried[target] += 1
        if took > args.slow:
            slow += 1
            crash = crash or f"slow: {took:.1f} s"
        if crash is not None:
            key = f"{target}: {crash.split(':', 1)[0]}: {crash[:120]}"
            entry = crashes.setdefault(key, {"count": 0, "file": None})
            entry["count"] = int(str(entry["count"])) + 1
            if entry["file"] is None:
                path = args.out / f"{target.replace('+', '-')}-{len(crashes)}-{number}.bin"
                path.write_bytes(data)
                entry["file"] = str(path)
                print(f"[{number}] {key}", flush=True)
        if number % 10_000 == 0:
            save_summary()
    save_summary()
    print(json.dumps({k: v for k, v in json.loads((args.out / "summary.json").read_text()).items()
                      if k != "crashes"}))  # fmt: skip
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
