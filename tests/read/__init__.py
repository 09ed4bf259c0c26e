"""Tests of licscan.read."""
