"""Tests of licscan.cli."""
