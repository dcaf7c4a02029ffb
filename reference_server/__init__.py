"""A reference implementation of Airbyte's webBackend API (platform 0f4f4a9331) for the suite to run against.

    create_app(db=":memory:", auth=None, faults=(), max_body_bytes=..., airbyte_500s=True)  -> the ASGI app
    running(**same_kwargs)  -> context manager serving it on 127.0.0.1; yields .url (ending in /api), .app
"""

from reference_server.app import Auth, ReferenceApp
from reference_server.faults import REGISTRY as FAULTS
from reference_server.server import create_app, running

__all__ = ["FAULTS", "Auth", "ReferenceApp", "create_app", "running"]
