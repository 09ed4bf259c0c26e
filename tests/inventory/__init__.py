"""Tests of licscan.inventory."""
