"""The search benchmark's modules; bench/search_bench.py is the command."""
