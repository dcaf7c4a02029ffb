"""Fields only some releases' contract sets have, each drawn where the active set has it (and nothing drawn
where it has none, so the pinned set's bodies are drawn as before). The rules are cited at the release that
has the field (contracts/releases/<release>/DEVIATIONS.md)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from strategies import _text
from strategies._contract import choice, enum, properties
from strategies._world import World


def _below(n: int):
    return st.integers(0, n - 1)


def geography(model: str) -> dict:
    """geography (up to v1.7; data-plane groups replaced it): any Geography value."""
    return {"geography": choice(enum("Geography"))} if "geography" in properties(model) else {}


def release_fields(model: str, world: World | None, edge: bool, mode: str) -> tuple[dict, tuple, set]:
    """Strategies for the fields only some releases' contracts have, for those the active contract has:
    (optional fields, fragments, fragment keys). A field whose valid value names something the suite never
    makes is covered with None (never sent):
    - backfillPreference, notifySchemaChanges(ByEmail) (v2.0.0): any value.
    - tags (v2.0.0): a tag names a tag of the workspace, which the suite never makes, so only [] or absent;
      never null, because create streams the list without a null check
      (airbyte-commons-server/.../handlers/ConnectionsHandler.kt:547 at v2.0.0).
    - dataplaneGroupId, destinationCatalogId (v2.0.0): name a data-plane group or a destination catalog."""
    have = set(properties(model))
    makers = {
        "backfillPreference": lambda: choice(enum("SchemaChangeBackfillPreference")),
        "notifySchemaChangesByEmail": st.booleans,
        "dataplaneGroupId": lambda: None,
        "destinationCatalogId": lambda: None,
    }
    opt = {name: make() for name, make in makers.items() if name in have}
    fragments: tuple[st.SearchStrategy[dict[str, Any]], ...] = ()
    keys: set[str] = set()
    if "tags" in have:
        fragments, keys = (st.just({}) if mode == "minimal" else st.sampled_from(({}, {"tags": []})),), {"tags"}
    return opt, fragments, keys


# A status filter value v2.0.0's handler cannot map: buildFilters maps each one by name onto
# ConnectionJobStatus, which has HEALTHY, FAILED and RUNNING only (airbyte-data/src/main/kotlin/io/airbyte/data/
# services/shared/WorkspaceResourceCursorPagination.kt:28-32, :256 at v2.0.0): `paused`, which the document
# allows, is an IllegalArgumentException, a 500. Valid and edge bodies leave it out (tests/test_operations.py
# sends it on its own).
UNMAPPED_STATUS = "paused"


def listable_statuses() -> tuple:
    return tuple(v for v in enum("WebBackendConnectionListFilters", "statuses", "[]") if v != UNMAPPED_STATUS)


def list_pages(world: World | None, edge: bool) -> dict:
    """Paging, order and filters of connections/list, where the contract has them (v2.0.0: list-pages in
    contracts/releases/v2.0.0/DEVIATIONS.md). A page size is never negative (PostgreSQL refuses a negative
    LIMIT), edge bodies reach 0 and large pages."""
    model = "WebBackendConnectionListRequestBody"
    have = set(properties(model))
    if "pageSize" not in have:
        return {}
    filters = st.fixed_dictionaries({}, optional={
        "searchTerm": _text.edge_strings if edge else _text.labels,
        "states": st.lists(choice(enum("WebBackendConnectionListFilters", "states", "[]")), max_size=2),
        "statuses": st.lists(choice(listable_statuses()), max_size=3),
        "sourceDefinitionIds": st.lists(st.uuids().map(str), max_size=2),
        "destinationDefinitionIds": st.lists(st.uuids().map(str), max_size=2),
        "tagIds": st.just([]),
    })
    return {
        "pageSize": st.integers(0, 1000) if edge else st.integers(1, 100),
        "sortKey": choice(enum("WebBackendConnectionListSortKey")),
        "filters": filters,
        # a cursor must name a connection the server still finds (an unknown one is a 404,
        # ConnectionServiceJooqImpl.kt:697); whether a deleted one is found was not read: never sent
        "cursor": None,
    }


# fields of a stream configuration only some releases have (v2.0.0: stream-configuration-echo in
# contracts/releases/v2.0.0/DEVIATIONS.md): sent with values the server stores and echoes as sent. Mappers
# (and hashedFields, stored as hashing mappers) are validated against the stream's fields and given ids by
# the server: valid bodies send them empty; generationId, minimumGenerationId and syncId are the server's
# (set by syncs, never read from a request): valid bodies leave them out.
_NEWER_CONFIG = ("destinationObjectName", "includeFiles", "hashedFields", "mappers")


def release_config(draw, edge: bool) -> dict:
    """Nothing is drawn where the contract has none of these fields (the pinned set draws as before)."""
    have = [name for name in _NEWER_CONFIG if name in properties("AirbyteStreamConfiguration")]
    if not have:
        return {}
    flags = draw(_below(8))
    out = {}
    if "destinationObjectName" in have and flags & 1:
        out["destinationObjectName"] = draw(_text.edge_segments if edge else _text.names)
    if "includeFiles" in have and flags & 2:
        out["includeFiles"] = False  # true needs connectors that transfer files (ConnectionsHandler.kt:979-1000)
    for name in ("hashedFields", "mappers"):
        if name in have and flags & 4:
            out[name] = []
    return out
