"""hishers: a spoiler-aware companion for the Netflix series His & Hers."""

__version__ = "0.1.0"
