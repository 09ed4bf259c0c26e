"""Tests of licscan.render."""
