"""`python -m licscan`."""

from licscan.cli import main

main()
