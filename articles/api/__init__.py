"""The research API (/api/v1/): endpoints.py declares it, schemas.py describes its answers,
cursors.py pages them, access.py limits them, tokens.py issues and checks tokens."""
