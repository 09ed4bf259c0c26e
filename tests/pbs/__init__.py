"""Tests of licscan.pbs."""
