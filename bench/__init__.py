"""Benchmarks of the pipeline and the library: ``make bench`` runs ``bench/run.py``; see BENCHMARKS.md."""
