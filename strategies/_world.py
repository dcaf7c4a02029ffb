"""The world: ids that exist on the target, which valid payloads refer to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hypothesis import strategies as st


@dataclass(frozen=True)
class World:
    """What exists on the target: one workspace with a source, a destination and the source's discovered
    catalog (an AirbyteCatalog as sources/discover_schema returns it), plus any operations and connections
    already created there. All ids are strings (canonical UUIDs)."""

    workspace_id: str
    source_id: str
    destination_id: str
    catalog: Mapping = field(default_factory=lambda: {"streams": []})
    catalog_id: str | None = None
    operation_ids: tuple[str, ...] = ()
    connection_ids: tuple[str, ...] = ()

    def __post_init__(self):
        for name in ("operation_ids", "connection_ids"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, tuple):
                object.__setattr__(self, name, tuple([value] if isinstance(value, str) else value))
        if not isinstance(self.catalog, Mapping) or not isinstance(self.catalog.get("streams", []), list):
            raise TypeError(f"World.catalog must be an AirbyteCatalog dict with a 'streams' list, got {self.catalog!r}")


def uuids():
    return st.uuids().map(str)


def ids(world: World | None, attribute: str):
    """The world's id (or one of its ids) for `attribute`; a random UUID without a world or without ids."""
    if world is None:
        return uuids()
    value = getattr(world, attribute)
    if isinstance(value, tuple):
        return st.sampled_from(value) if value else uuids()
    return uuids() if value is None else st.just(value)


def worlds():
    """Synthetic worlds (random ids, a generated discovered catalog): for testing the strategies offline."""
    from strategies import _catalogs

    return st.builds(
        World,
        workspace_id=uuids(),
        source_id=uuids(),
        destination_id=uuids(),
        catalog=_catalogs.catalog(max_streams=8),
        catalog_id=uuids(),
        operation_ids=st.lists(uuids(), max_size=3).map(tuple),
        connection_ids=st.lists(uuids(), min_size=1, max_size=3).map(tuple),
    )
