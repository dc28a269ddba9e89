"""The composition root: configuration, connector registry, the ASGI app and the CLI."""
