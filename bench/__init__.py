"""Benchmarks and load tools (`python -m bench`); results and method in docs/performance.md."""
