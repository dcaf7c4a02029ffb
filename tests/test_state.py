"""state/get_type answers the type of the stored state: not_set without one, else legacy, stream or global
(StateHandler, StatePersistence.getCurrentState, StateConverter)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suite import checks

pytestmark = pytest.mark.writes

STATES = {
    "legacy": {"state": {"cursor": "2023-03-22"}},
    "stream": {"streamState": [{"streamDescriptor": {"name": "users"}, "streamState": {"cursor": 7}}]},
    "global": {"globalState": {"shared_state": {"lsn": 42},
                               "streamStates": [{"streamDescriptor": {"name": "users", "namespace": "public"},
                                                 "streamState": {"cursor": 7}}]}},
}


@given(kind=st.sampled_from(sorted(STATES)))
def test_state_type_follows_the_stored_state(api, world, kind):
    created = checks.accepted_answer(api.create({"sourceId": world.source_id, "destinationId": world.destination_id,
                                          "status": "active"}))
    connection_id = created["connectionId"]
    exchange = api.state_type(connection_id)
    checks.state_type_answer(exchange, "not_set", "of a new connection")
    stored = api.set_state(connection_id, {"connectionId": connection_id, "stateType": kind, **STATES[kind]})
    checks.stored_state_answer(stored, kind)
    exchange = api.state_type(connection_id)
    checks.state_type_answer(exchange, kind, "after storing a state")
