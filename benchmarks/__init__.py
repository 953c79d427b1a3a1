"""Benchmarks: `make bench` (python -m benchmarks). Figures are ratios to baselines measured in
the same run, never timed assertions in tests."""
