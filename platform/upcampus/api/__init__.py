"""The JSON door of a city: personal API tokens and /api/v1/ (read-mostly)."""
