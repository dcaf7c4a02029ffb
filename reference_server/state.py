"""Connection state: StateHandler / StateConverter rules.

The state type is the stored one, `not_set` when nothing is stored. Storing a state keeps only the part
that belongs to its type: `state` for legacy, `streamState` for stream, `globalState` for global;
storing `not_set` clears the state.
"""

from __future__ import annotations

from reference_server import connections
from reference_server.context import Context, same_id
from reference_server.errors import null_pointer

_PART = {"legacy": "state", "stream": "streamState", "global": "globalState"}


def _read(connection_id: str, stored: dict | None) -> dict:
    if not stored:
        return {"connectionId": connection_id, "stateType": "not_set"}
    part = _PART[stored["stateType"]]
    return {"connectionId": connection_id, "stateType": stored["stateType"], part: stored[part]}


def get(ctx: Context, body: dict) -> dict:
    """An unknown connection has no state: not_set, as in Airbyte (which does not look the connection up,
    StateHandler.java:31-35); nor has a null one (the query matches no row): not_set."""
    connection_id = same_id(body["connectionId"]) if body.get("connectionId") else None
    return _read(connection_id, ctx.store.get_state(connection_id))


def get_type(ctx: Context, body: dict) -> str:
    state_type = get(ctx, body)["stateType"]
    if ctx.faults.on("state_type_always_not_set"):  # FAULT: state_type_always_not_set
        state_type = "not_set"
    return state_type


def create_or_update(ctx: Context, body: dict) -> dict:
    doc = connections.require(ctx, body.get("connectionId"))
    sent = body.get("connectionState")
    if sent is None or sent.get("stateType") is None:
        raise null_pointer("connectionState.stateType is required", "$.connectionState.stateType")
    state_type = sent["stateType"]
    stored = None
    if state_type != "not_set":
        part = _PART[state_type]
        value = sent.get(part)
        if value is None:
            raise null_pointer(f"a {state_type} state needs connectionState.{part}", f"$.connectionState.{part}")
        stored = {"stateType": state_type, part: value}
    ctx.store.put_state(doc["connectionId"], stored)
    return _read(doc["connectionId"], stored)
