"""Byte-for-byte digests of every report format for fixed scenarios (see scenarios.py)."""
