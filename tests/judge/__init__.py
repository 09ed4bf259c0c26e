"""Tests of licscan.judge."""
