"""Ingest: files in, articles out. `pipeline.ingest_paths` is the one entry point of the
command, the admin and the tests; docs/architecture.md draws the modules it goes through.

Nothing is imported here: the analysis worker processes import `workers` alone, without
Django."""
