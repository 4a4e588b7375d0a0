"""Fact extractors, one module per kind of fact (numbers, dates, people, quotes).

Each module turns a sentence's text into small frozen records with character offsets into that text,
and says when two such records from different sources are comparable and when they conflict.
"""
