"""Benchmarks: budgets live here, measured numbers go to docs/performance.md."""
