"""Tests of checker/facts: one module per fact module."""
