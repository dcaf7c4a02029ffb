"""What every handler receives: the store (already inside the request's transaction) and the faults."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from reference_server.faults import Faults
from reference_server.store import Store


@dataclass
class Context:
    store: Store
    faults: Faults
    sync_ms: int = 300  # how long a sync job runs (see jobs.py)
    remote_catalog: dict | None = None  # the remote connector catalog check_updates compares with (instance.py)
    release: str = "v0.42.1"  # the emulated Airbyte release (reference_server/releases)


def new_id() -> str:
    return str(uuid.uuid4())


def now_ms() -> int:
    return int(time.time() * 1000)


def same_id(value) -> str:
    """Ids arrive in any letter case (Jackson's UUID parser accepts both); we store them lower-case."""
    return str(value).lower()
