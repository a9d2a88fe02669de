"""Benchmarks: each prints one `bench <name>: key=value ...` line as its last output."""
