"""HTTP translation service: `create_app` in `api.app`, `python -m api` to serve (see api/SETTINGS.md)."""
