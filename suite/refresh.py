"""The suite's model of a schema refresh (connections/get with withRefreshedCatalog), written from Airbyte's Java
at 0f4f4a9331 and never from the reference server.

A test describes a source's streams as {stream: {column: JSON type}} before and after a change, and the
connection's configuration of each selected stream. From that alone the model says:
- the catalog diff (airbyte-protocol 1.0.0 `CatalogHelpers.getCatalogDiff`/`getStreamDiff`, 3ee5c2b
  `CatalogHelpers.java:354-429`): streams gone, streams new, and for a stream on both sides whose schema changed
  the columns removed, added and retyped; a removed column breaks the connection when it is the cursor of an
  incremental stream or a primary-key column of an append_dedup stream (`:456-475`);
- breakingChange: any breaking column transform (`SchedulerHandler.java:589-602`);
- the status: inactive on a breaking change, or on any change when nonBreakingChangesPreference is disable,
  else unchanged (`SchedulerHandler.java:493-501`), for every live connection of the source (`:462-483`);
- schemaChange of the refreshed read: breaking, else non_breaking when the discovered catalog differs from
  the one the connection was made from, else no_change (`WebBackendConnectionsHandler.java:276-294,373-406`);
- the merged catalog (`WebBackendConnectionsHandler.java:439-523`): every discovered stream once; a stream
  the connection syncs stays selected with its destination sync mode, its sync mode if still supported (else
  the discovered default), its cursor and primary key if it had any (else the discovered defaults); every
  other stream comes unselected.
Transforms are compared as sets: Airbyte collects them in HashSets (`CatalogHelpers.java:357,392`).
"""

from __future__ import annotations

from dataclasses import dataclass

# column -> JSON type, or for an object column the sorted (sub-column, JSON type) pairs of its properties
Columns = dict[str, object]


def _paths(columns: Columns) -> dict[str, object]:
    """Every field path ("col", or "col/sub" inside an object column) and what its schema is made of: Airbyte
    takes each property path of the stream's schema as a field (CatalogHelpers.java:271-289), and an object
    column's schema holds its properties, so a changed sub-column changes the column too."""
    out = {}
    for column, kind in columns.items():
        out[column] = kind
        if isinstance(kind, tuple):
            out.update({f"{column}/{sub}": sub_kind for sub, sub_kind in kind})
    return out


@dataclass(frozen=True)
class StreamConfig:
    sync_mode: str
    cursor: tuple[str, ...]
    destination_sync_mode: str
    primary_key: tuple[tuple[str, ...], ...]


def _breaks(config: StreamConfig | None, column: str) -> bool:
    if config is None:
        return False
    if config.sync_mode == "incremental" and config.cursor == (column,):
        return True
    return config.destination_sync_mode == "append_dedup" and (column,) in config.primary_key


def expected_transforms(before: dict[str, Columns], after: dict[str, Columns],
                        configured: dict[str, StreamConfig]) -> set:
    """{(kind, stream)} for added/removed streams, {("update_stream", stream, sorted field transforms)} for
    changed ones; a field transform is (kind, column, breaking)."""
    out: set = {("remove_stream", s) for s in before if s not in after}
    out |= {("add_stream", s) for s in after if s not in before}
    for stream in set(before) & set(after):
        if before[stream] == after[stream]:
            continue
        old, new = _paths(before[stream]), _paths(after[stream])
        fields = {("remove_field", c, _breaks(configured.get(stream), c)) for c in old if c not in new}
        fields |= {("add_field", c, False) for c in new if c not in old}
        fields |= {("update_field_schema", c, False) for c in old if c in new and old[c] != new[c]}
        out.add(("update_stream", stream, tuple(sorted(fields))))
    return out


def observed_transforms(diff: dict) -> set:
    """The same shape as expected_transforms, from an answered catalogDiff (top-level columns only)."""
    out: set[tuple] = set()
    for t in diff.get("transforms") or []:
        name = t["streamDescriptor"]["name"]
        if t["transformType"] != "update_stream":
            out.add((t["transformType"], name))
            continue
        fields = tuple(sorted((f["transformType"], "/".join(f["fieldName"]), bool(f.get("breaking")))
                              for f in t.get("updateStream") or []))
        out.add(("update_stream", name, fields))
    return out


def is_breaking(transforms: set) -> bool:
    return any(breaking for t in transforms if t[0] == "update_stream" for _, _, breaking in t[2])


def status_after(transforms: set, preference: str, status: str) -> str:
    if is_breaking(transforms) or (preference == "disable" and transforms):
        return "inactive"
    return status


def schema_change(transforms: set, catalog_changed: bool) -> str:
    if is_breaking(transforms):
        return "breaking"
    return "non_breaking" if catalog_changed else "no_change"


def merged_configs(discovered: dict, configured: dict[str, StreamConfig]) -> dict[str, dict]:
    """stream name -> the configuration the merged catalog must carry (the keys the model decides)."""
    out: dict[str, dict] = {}
    for entry in discovered["streams"]:
        stream, default = entry["stream"], entry["config"]
        config = configured.get(stream["name"])
        if config is None:
            out[stream["name"]] = {"selected": False}
            continue
        supported = stream.get("supportedSyncModes") or []
        out[stream["name"]] = {
            "selected": True,
            "syncMode": config.sync_mode if config.sync_mode in supported else default.get("syncMode"),
            "cursorField": list(config.cursor) if config.cursor else default.get("cursorField"),
            "destinationSyncMode": config.destination_sync_mode,
            "primaryKey": [list(p) for p in config.primary_key] if config.primary_key else default.get("primaryKey"),
        }
    return out
