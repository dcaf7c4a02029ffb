"""Prerequisites of a run: a workspace, a source, a destination and the source's discovered catalog.

Created through the setup endpoints for the session, named with the run id, and deleted at the end,
in reverse order, even when tests fail or the run is interrupted. Anything the user provided (an
existing workspace) or that the run did not create is never modified or deleted.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import jsonschema
from hypothesis import HealthCheck, find, settings

import contracts
from suite import checks, release
from suite.client import Client, Exchange
from suite.settings import Settings

# Definitions Airbyte always ships, by name, in order of preference.
PREFERRED_SOURCES = ("Sample Data (Faker)", "Faker", "E2E Testing")
PREFERRED_DESTINATIONS = ("E2E Testing", "Dev Null")


class SetupError(Exception):
    """A prerequisite could not be created; the message names the step and the target's reason."""

    def __init__(self, message: str, exchange: Exchange | None = None):
        super().__init__(message)
        self.exchange = exchange


def setup_failure(error: Exception) -> str:
    """What a user sees when the run cannot be set up: one line with the target's reason, then the
    exchange to replay (bounded)."""
    if isinstance(error, checks.CheckFailure):
        headline, exchange = f"setting up the run: {error.title} (check {error.failure.check})", error.exchange
    else:
        headline, exchange = str(error).splitlines()[0], getattr(error, "exchange", None)
    if exchange is None:
        return headline
    return headline + "\n" + "\n".join("    " + line for line in exchange.describe(limit=1500).splitlines())


def _reason(exchange: Exchange) -> str:
    """The target's own words for refusing: the error body's message (Airbyte's and Micronaut's bodies
    both carry one), else the start of the body."""
    try:
        body = exchange.json()
    except ValueError:
        body = None
    text = body.get("message") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        text = exchange.text
    details = body.get("validationErrors") if isinstance(body, dict) else None
    if isinstance(details, list) and details:
        text += " " + "; ".join(f"{d.get('propertyPath', '?')}: {d.get('message', '')}" for d in details[:5]
                                if isinstance(d, dict))
    text = " ".join(text.split())
    return f": {text[:300]}" if text else ""


@dataclass
class Prerequisites:
    workspace: dict
    source: dict
    destination: dict
    catalog: dict
    catalog_id: str | None
    created: list[tuple[str, str]] = field(default_factory=list)  # (kind, id), in creation order

    def track(self, kind: str, ident: str) -> None:
        """Delete this object at the end of the run (once, however often it is tracked)."""
        if (kind, ident) not in self._tracked:
            self._tracked.add((kind, ident))
            self.created.append((kind, ident))

    def __post_init__(self):
        self._tracked = set(self.created)

    def __repr__(self) -> str:
        return (f"Prerequisites(workspace_id={self.workspace_id!r}, source_id={self.source_id!r}, "
                f"destination_id={self.destination_id!r}, catalog_id={self.catalog_id!r}, "
                f"catalog=<{len(self.catalog.get('streams') or [])} streams>, created=<{len(self.created)} objects>)")

    def _repr_pretty_(self, printer, cycle) -> None:
        # Hypothesis prints a failing test's arguments (this fixture among them) field by field, and
        # `created` grows with every object the run makes: print the summary above instead.
        printer.text(repr(self))

    @property
    def workspace_id(self) -> str:
        return self.workspace["workspaceId"]

    @property
    def geography(self) -> str:
        return self.workspace.get("defaultGeography", "auto")

    @property
    def source_id(self) -> str:
        return self.source["sourceId"]

    @property
    def destination_id(self) -> str:
        return self.destination["destinationId"]


def _call(client: Client, path: str, body=None) -> dict:
    exchange = client.post(path, body)
    if exchange.status != 200:
        raise SetupError(f"setting up the run: {path} answered {exchange.status}{_reason(exchange)}", exchange)
    return checks.schema_conformance(exchange)


def _pick(definitions: list[dict], wanted_id: str | None, preferred: tuple[str, ...], key: str, kind: str) -> dict:
    if not definitions:
        raise SetupError(f"the target lists no {kind} definitions: install one, or set the {kind} definition id")
    if wanted_id:
        for definition in definitions:
            if definition[key] == wanted_id:
                return definition
        raise SetupError(f"no {kind} definition with id {wanted_id}; the target lists "
                         + ", ".join(f"{d['name']} ({d[key]})" for d in definitions[:20]))
    by_name = {d["name"]: d for d in definitions}
    return next((by_name[name] for name in preferred if name in by_name), definitions[0])


def smallest_configuration(spec: dict) -> dict:
    """The smallest configuration the connector's specification accepts, preferring its own defaults."""
    candidate = _with_defaults(spec)
    if candidate is not None and jsonschema.Draft7Validator(spec).is_valid(candidate):
        return candidate
    from hypothesis_jsonschema import from_schema  # imported late: it reads Hypothesis' unicode tables

    found = find(from_schema(spec), lambda value: isinstance(value, dict),
                 settings=settings(database=None, max_examples=200, derandomize=True,
                                   suppress_health_check=[HealthCheck.too_slow]))
    assert isinstance(found, dict)  # find returns only what the condition accepts
    return found


def _with_defaults(node: dict):
    for key in ("const", "default"):
        if key in node:
            return copy.deepcopy(node[key])
    if node.get("enum"):
        return node["enum"][0]
    if node.get("examples"):
        return copy.deepcopy(node["examples"][0])
    for key in ("oneOf", "anyOf"):
        if node.get(key):
            return _with_defaults(node[key][0])
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in node:
        out = {}
        for name in node.get("required", []):
            value = _with_defaults(node.get("properties", {}).get(name, {}))
            if value is None:
                return None
            out[name] = value
        return out
    return {"array": [], "boolean": False, "integer": node.get("minimum", 0), "number": node.get("minimum", 0),
            "string": "x" * node.get("minLength", 1) if "pattern" not in node else None}.get(str(kind))


def create(client: Client, settings: Settings) -> Prerequisites:
    created: list[tuple[str, str]] = []
    try:
        return _create(client, settings, created)
    except BaseException:
        cleanup(client, created)
        raise


def _create(client: Client, settings: Settings, created: list) -> Prerequisites:
    tag = f"webbackend-contracts {settings.run_id}"
    if settings.workspace_id:
        workspace = _call(client, "/v1/workspaces/get", {"workspaceId": settings.workspace_id})
    else:
        workspace = _call(client, "/v1/workspaces/create", {"name": tag, **organization(client)})
        created.append(("workspace", workspace["workspaceId"]))
    workspace_id = workspace["workspaceId"]
    source = _actor(client, settings, workspace_id, tag, "source", created)
    destination = _actor(client, settings, workspace_id, tag, "destination", created)
    discovered = _call(client, "/v1/sources/discover_schema", {"sourceId": source["sourceId"], "disable_cache": True})
    if "catalog" not in discovered:
        raise SetupError(f"discovery of the run's source failed: {discovered.get('jobInfo', {}).get('failureReason')}")
    return Prerequisites(workspace, source, destination, discovered["catalog"], discovered.get("catalogId"), created)


def organization(client: Client) -> dict:
    """From Airbyte 1.x a workspace belongs to an organization: v2.0.0 refuses a workspace without one
    (WorkspacesHandler.kt:153 at v2.0.0) and gives it the default data-plane group when none is named
    (:164-167); the instance reports its default organization (InstanceConfigurationHandler.kt:78)."""
    with release.target_side():  # setup: the target's way, also for a client of an older release
        if "organizationId" not in contracts.schema("WorkspaceCreate").get("required", ()):
            return {}
        exchange = client.send(client.http.build_request("GET", client.url + "/v1/instance_configuration"),
                               "/v1/instance_configuration")
        if exchange.status != 200:
            raise SetupError(f"setting up the run: /v1/instance_configuration answered {exchange.status}"
                             f"{_reason(exchange)} (a workspace needs the default organization's id)", exchange)
        return {"organizationId": checks.schema_conformance(exchange)["defaultOrganizationId"]}


def _actor(client: Client, settings: Settings, workspace_id: str, tag: str, kind: str, created: list) -> dict:
    plural = f"{kind}_definitions"
    key = f"{kind}DefinitionId"
    definitions = _call(client, f"/v1/{plural}/list")[f"{kind}Definitions"]
    preferred = PREFERRED_SOURCES if kind == "source" else PREFERRED_DESTINATIONS
    definition = _pick(definitions, getattr(settings, f"{kind}_definition_id"), preferred, key, kind)
    config = getattr(settings, f"{kind}_config")
    if config is None:
        spec = _call(client, f"/v1/{kind}_definition_specifications/get",
                     {key: definition[key], "workspaceId": workspace_id})
        config = smallest_configuration(spec.get("connectionSpecification") or {"type": "object"})
    actor = _call(client, f"/v1/{kind}s/create", {
        "workspaceId": workspace_id, "name": f"{tag} {kind}", key: definition[key], "connectionConfiguration": config,
    })
    created.append((kind, actor[f"{kind}Id"]))
    return actor


DELETE = {
    "connection": ("/v1/connections/delete", "connectionId"),
    "operation": ("/v1/operations/delete", "operationId"),
    "source": ("/v1/sources/delete", "sourceId"),
    "destination": ("/v1/destinations/delete", "destinationId"),
    "workspace": ("/v1/workspaces/delete", "workspaceId"),
}


def cleanup(client: Client, created: list[tuple[str, str]]) -> list[str]:
    """Delete what the run created, newest first; return one line per deletion that failed."""
    problems = []
    for kind, ident in reversed(created):
        path, key = DELETE[kind]
        try:
            exchange = client.post(path, {key: ident})
        except Exception as exc:  # report and go on: one failure must not leave the rest behind
            problems.append(f"{kind} {ident}: {exc}")
            continue
        if exchange.status not in (200, 204, 404):
            problems.append(f"{kind} {ident}: {path} answered {exchange.status}")
    created.clear()
    return problems
