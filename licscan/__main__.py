"""`python -m licscan`."""

from licscan.cli.app import main

main()
