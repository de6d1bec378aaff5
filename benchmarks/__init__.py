"""Benchmarks of framing (not part of the installed package).

`python -m benchmarks --articles 1000` (or `python -m framing bench ...`, or `make bench`)
from the project root; the figures they print are recorded in BENCHMARKS.md.
"""
