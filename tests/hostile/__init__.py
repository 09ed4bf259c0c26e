"""Hostile and broken inputs (issue #13): one-line error and exit 2, or a clean exit 0.

Every case is built in code:

* markup and control bytes in member names, PYTHON.json values and error messages
  (`[/]`, `[bold]`, ESC): scan, report and the error line print them literally;
* a lone surrogate in PYTHON.json and a non-UTF-8 member name: every output format and the
  console are written;
* PAX `mtime` of nan, inf, -inf, 1e18 and a huge GNU base-256 mtime; an out-of-range
  SOURCE_DATE_EPOCH;
* an empty `Name:` in a dist-info METADATA (the purl falls back to the folder name);
* a policy file nested 10,000 arrays deep, a FIFO, a directory, a huge file;
* an input that is a FIFO or a character device;
* a report target that is an existing directory: nothing else is left behind;
* messages that leaked Python internals (gzip magic bytes, int digit limits).
"""
