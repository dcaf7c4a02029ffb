"""The suite's model of a schema refresh (connections/get with withRefreshedCatalog), written from Airbyte's Java
at 0f4f4a9331 and never from the reference server.

A test describes a source's streams as {stream: its JSON schema} before and after a change, and the
connection's configuration of each selected stream. From that alone the model says:
- the catalog diff (airbyte-protocol 1.0.0 `CatalogHelpers.getCatalogDiff`/`getStreamDiff`, 3ee5c2b
  `CatalogHelpers.java:354-429`): streams gone, streams new, and for a stream on both sides whose schema changed
  the fields removed, added and whose schema changed, fields as suite.schema_fields walks them (nested
  properties, array `items`, oneOf/anyOf); a removed field breaks the connection when it is the cursor of an
  incremental stream or a primary key of an append_dedup stream (`:456-475`), whole paths compared;
- breakingChange: any breaking field transform (`SchedulerHandler.java:589-602`);
- the status: inactive on a breaking change, or on any change when nonBreakingChangesPreference is disable,
  else unchanged (`SchedulerHandler.java:493-501`), for every live connection of the source (`:462-483`);
- schemaChange of the refreshed read: breaking, else non_breaking when the discovered catalog differs from
  the one the connection was made from, else no_change (`WebBackendConnectionsHandler.java:276-294,373-406`);
- the merged catalog (`WebBackendConnectionsHandler.java:439-523`): every discovered stream once; a stream
  the connection syncs stays selected with its destination sync mode, its sync mode if still supported (else
  the discovered default), its cursor and primary key if it had any (else the discovered defaults); every
  other stream comes unselected.
- breakingChange written by web_backend/connections/update when it is sent a syncCatalog: the diff from that
  catalog to the source's most recently discovered one, configured as sent (`WebBackendConnectionsHandler.java:
  546-566,783-796`; `update_breaking`).
Transforms are compared as sets: Airbyte collects them in HashSets (`CatalogHelpers.java:357,392`).

At v2.0.0 (suite.rules; `airbyte-commons-protocol/.../CatalogDiffHelpers.kt`): an update_stream only for a
configured stream with some transform (:207-221), removals also break overwrite_dedup streams (:371-373), and
updateStream is an object (`CatalogDiffConverters.kt:35-55`). A changed source-defined primary key is an
attribute transform (:235-243): the E2E source's streams declare none, so the model predicts none, and an
answered one differs from the prediction. The status rule is the same (`ConnectionsHandler.kt:2248-2287`), for
the connection named in the request alone (`SchedulerHandler.kt:313-325,407-411`; `written`), and no
nonBreakingChangesPreference makes a refresh store a propagated catalog (suite.propagation).
"""

from __future__ import annotations

from dataclasses import dataclass

from suite import rules
from suite.schema_fields import Path, fields


@dataclass(frozen=True)
class StreamConfig:
    sync_mode: str
    cursor: tuple[str, ...]
    destination_sync_mode: str
    primary_key: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, config: dict) -> StreamConfig:
        """From the configuration part of an API catalog entry (syncMode, cursorField, ...)."""
        return cls(config["syncMode"], tuple(config.get("cursorField") or ()), config["destinationSyncMode"],
                   tuple(tuple(key) for key in config.get("primaryKey") or ()))


def _breaks(config: StreamConfig | None, path: Path) -> bool:
    if config is None:
        return False
    if config.sync_mode == "incremental" and config.cursor == path:
        return True
    return config.destination_sync_mode in rules.active().dedup_modes and path in config.primary_key


def expected_transforms(before: dict[str, dict], after: dict[str, dict],
                        configured: dict[str, StreamConfig]) -> set:
    """{(kind, stream)} for added/removed streams, {("update_stream", stream, sorted field transforms)} for
    changed ones; a field transform is (kind, field path as a tuple, breaking)."""
    out: set = {("remove_stream", s) for s in before if s not in after}
    out |= {("add_stream", s) for s in after if s not in before}
    for stream in set(before) & set(after):
        if before[stream] == after[stream]:
            continue
        needs_configured = rules.active().update_stream_needs_configured
        if needs_configured and stream not in configured:
            continue
        old, new = fields(before[stream]), fields(after[stream])
        changes = {("remove_field", p, _breaks(configured.get(stream), p)) for p in old if p not in new}
        changes |= {("add_field", p, False) for p in new if p not in old}
        changes |= {("update_field_schema", p, False) for p in old if p in new and old[p] != new[p]}
        if changes or not needs_configured:
            out.add(("update_stream", stream, tuple(sorted(changes))))
    return out


def observed_transforms(diff: dict) -> set:
    """The same shape as expected_transforms, from an answered catalogDiff."""
    out: set[tuple] = set()
    for t in diff.get("transforms") or []:
        name = t["streamDescriptor"]["name"]
        if t["transformType"] != "update_stream":
            out.add((t["transformType"], name))
            continue
        update = t.get("updateStream") or []
        if isinstance(update, dict):  # v2.0.0: {fieldTransforms, streamAttributeTransforms}
            update = [*(update.get("fieldTransforms") or []), *(update.get("streamAttributeTransforms") or [])]
        changes = tuple(sorted((f["transformType"], tuple(f.get("fieldName") or ()), bool(f.get("breaking")))
                               for f in update))
        out.add(("update_stream", name, changes))
    return out


def is_breaking(transforms: set) -> bool:
    return any(breaking for t in transforms if t[0] == "update_stream" for _, _, breaking in t[2])


def update_breaking(sent: dict[str, dict], discovered: dict[str, dict], configured: dict[str, StreamConfig]) -> bool:
    """breakingChange after a web_backend/connections/update that sent a syncCatalog whose streams have the
    schemas `sent` (configured as `configured`, its selected streams), the source's most recent discover
    having found `discovered`: the sent catalog is the old side of the diff (`WebBackendConnectionsHandler.java:
    562-565`)."""
    return is_breaking(expected_transforms(sent, discovered, configured))


def status_after(transforms: set, preference: str, status: str) -> str:
    if is_breaking(transforms) or (preference == "disable" and transforms):
        return "inactive"
    return status


def written(before: dict, transforms: set, preference: str, named: bool) -> dict:
    """{breakingChange, status} a refresh with a connection id leaves on a live connection of the source that had
    `before` ({breakingChange, status}): `named` is the connection of the request; the others are written only
    where the release writes every connection of the source (suite.rules, refresh_writes_every_connection)."""
    if not named and not rules.active().refresh_writes_every_connection:
        return dict(before)
    return {"breakingChange": is_breaking(transforms), "status": status_after(transforms, preference, before["status"])}


def schema_change(transforms: set, catalog_changed: bool) -> str:
    return stored_schema_change(is_breaking(transforms), catalog_changed)


def stored_schema_change(breaking: bool, catalog_changed: bool) -> str:
    """schemaChange of a read from the stored breakingChange and whether the source's most recent discover found
    another catalog than the one the connection was made from (`WebBackendConnectionsHandler.java:276-294`)."""
    if breaking:
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
