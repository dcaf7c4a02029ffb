"""The webBackend operations as one-line calls, each returning the recorded Exchange.

Whatever a call creates on the target is registered for deletion at the end of the run.
"""

from __future__ import annotations

from suite import rules
from suite.client import Client, Exchange
from suite.world import Prerequisites, organization

WB = "/v1/web_backend"
# the page the suite asks for where connections/list answers pages (v2.0.0, suite.rules list_pages): larger
# than any workspace of a run, so that a listing is every matching connection
LIST_PAGE = 10_000


class Api:
    def __init__(self, client: Client, prerequisites: Prerequisites):
        self.client = client
        self.prerequisites = prerequisites

    def __repr__(self) -> str:  # how a failing example names this fixture argument
        return f"Api({self.client.url!r})"

    def _track(self, kind: str, ident: str) -> None:
        self.prerequisites.track(kind, ident)

    def _track_connection(self, exchange: Exchange) -> None:
        if exchange.status == 200:
            body = exchange.json()
            for operation_id in body.get("operationIds") or []:
                self._track("operation", operation_id)
            self._track("connection", body["connectionId"])

    def create(self, payload) -> Exchange:
        exchange = self.client.post(f"{WB}/connections/create", payload)
        self._track_connection(exchange)
        return exchange

    def update(self, payload) -> Exchange:
        exchange = self.client.post(f"{WB}/connections/update", payload)
        self._track_connection(exchange)
        return exchange

    def get(self, connection_id: str, refresh: bool | None = None) -> Exchange:
        body: dict[str, object] = {"connectionId": connection_id}
        if refresh is not None:
            body["withRefreshedCatalog"] = refresh
        return self.client.post(f"{WB}/connections/get", body)

    def list(self, workspace_id: str, source_ids=None, destination_ids=None) -> Exchange:
        body: dict[str, object] = {"workspaceId": workspace_id}
        if source_ids is not None:
            body["sourceId"] = list(source_ids)
        if destination_ids is not None:
            body["destinationId"] = list(destination_ids)
        if rules.active().list_pages is not None:
            body["pageSize"] = LIST_PAGE
        return self.client.post(f"{WB}/connections/list", body)

    def delete(self, connection_id: str) -> Exchange:
        return self.client.post("/v1/connections/delete", {"connectionId": connection_id})

    def state_type(self, connection_id: str) -> Exchange:
        return self.client.post(f"{WB}/state/get_type", {"connectionId": connection_id})

    def set_state(self, connection_id: str, state: dict) -> Exchange:
        return self.client.post("/v1/state/create_or_update", {"connectionId": connection_id,
                                                                 "connectionState": state})

    def workspace_state(self, workspace_id: str) -> Exchange:
        return self.client.post(f"{WB}/workspace/state", {"workspaceId": workspace_id})

    def geographies(self) -> Exchange:
        return self.client.post(f"{WB}/geographies/list")

    def check_updates(self) -> Exchange:
        return self.client.post(f"{WB}/check_updates")

    def create_actor(self, kind: str, workspace_id: str) -> dict:
        """Another source or destination like the run's own (same definition and configuration)."""
        model = getattr(self.prerequisites, kind)
        key = f"{kind}DefinitionId"
        exchange = self.client.post(f"/v1/{kind}s/create", {
            "workspaceId": workspace_id, "name": f"{model['name']} (extra)", key: model[key],
            "connectionConfiguration": model["connectionConfiguration"],
        })
        if exchange.status != 200:
            raise AssertionError(f"could not create an extra {kind}:\n{exchange.describe()}")
        body = exchange.json()
        self._track(kind, body[f"{kind}Id"])
        return body

    def create_workspace(self, name: str) -> dict:
        exchange = self.client.post("/v1/workspaces/create", {"name": name, **organization(self.client)})
        if exchange.status != 200:
            raise AssertionError(f"could not create a workspace:\n{exchange.describe()}")
        body = exchange.json()
        self._track("workspace", body["workspaceId"])
        return body
