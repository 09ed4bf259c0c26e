"""`python -m licscan`."""

from licscan.cli import main

if __name__ == "__main__":  # not again in a worker process (--jobs, spawn)
    main()
