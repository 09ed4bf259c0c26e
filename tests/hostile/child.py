"""Run licscan in this process and record its peak RSS: `python -m tests.hostile.child ARGS`.

The peak (VmHWM of /proc/self/status, KiB: unlike ru_maxrss, not inherited from the parent
across fork and exec) is written to the file named by LICSCAN_RSS_FILE, so that
stdout and stderr stay licscan's own. LICSCAN_FSIZE (bytes) caps the size of any file the
process writes (RLIMIT_FSIZE, SIGXFSZ ignored): a full filesystem, as the writer sees one."""

from __future__ import annotations

import os
import resource
import signal
import sys

from licscan.cli.app import app


def _peak_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    fsize = os.environ.get("LICSCAN_FSIZE")
    if fsize:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(fsize), int(fsize)))
    code: object = 0
    try:
        app(args=sys.argv[1:], prog_name="licscan", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
    finally:
        with open(os.environ["LICSCAN_RSS_FILE"], "w") as out:
            out.write(str(_peak_kib()))
    raise SystemExit(code)


if __name__ == "__main__":
    main()
