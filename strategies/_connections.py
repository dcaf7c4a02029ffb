"""Request bodies of the webBackend connection endpoints, and of the simple id bodies around them.

Rules (Airbyte at commit 0f4f4a9331):
- airbyte-commons-server/.../handlers/WebBackendConnectionsHandler.java: create makes the `operations`
  first (in the world's workspace) and ignores `operationIds`; update is a patch where absent and null mean
  "leave unchanged" (generated models: absent reads as null), and operations with an existing operationId
  are updated, others created.
- .../handlers/ConnectionsHandler.java: sourceCatalogId is stored under a foreign key, so valid payloads
  only send the world's catalog id; namespaceDefinition `customformat` is the one that reads
  namespaceFormat, so valid payloads with it always send a format.
- airbyte-commons-converters/.../ConnectionHelper.java (validateWorkspace): source, destination and
  operations share a workspace: all ids come from one World.
Schedules: see _schedules; catalogs: see _catalogs; operations: see _operations.
"""

from __future__ import annotations

from hypothesis import strategies as st

from strategies import _catalogs, _newer, _operations, _schedules, _text
from strategies._contract import choice, enum, member, nullable, properties, required
from strategies._world import World, ids

CUSTOM_FORMAT = member("customformat", "NamespaceDefinitionType")

_CPU = st.sampled_from(("0.25", "0.5", "1", "2", "250m", "1500m"))
_MEMORY = st.sampled_from(("256Mi", "512Mi", "1Gi", "2Gi", "1000000000"))
_FORMATS = st.sampled_from(("${SOURCE_NAMESPACE}", "${SOURCE_NAMESPACE}_raw", "airbyte_${SOURCE_NAMESPACE}", "raw"))


def _merge(*parts: dict) -> dict:
    out: dict = {}
    for part in parts:
        out.update(part)
    return out


def assemble(model: str, req: dict, opt: dict, fragments: tuple, fragment_keys: set, mode: str):
    """One body for `model`: required fields, then each optional one absent, null (where the contract
    allows) or present, and coupled groups of fields (`fragments`) drawn together.

    mode "mixed" draws each optional field's presence; "minimal" sends only the required fields (and
    whatever fragments return for "nothing"); "maximal" sends every optional field with a value. Every
    property of the contract must be covered, so a new field in the contracts fails loudly here."""
    covered = set(req) | set(opt) | fragment_keys
    if covered != set(properties(model)) or not set(required(model)) <= set(req):
        raise LookupError(
            f"strategies for {model} cover {sorted(covered)} but the contract has "
            f"{sorted(properties(model))} (required {required(model)}): update strategies/_connections.py"
        )
    opt = {k: v for k, v in opt.items() if v is not None}  # None: no valid value exists in this world
    if mode == "maximal":
        base = st.fixed_dictionaries({**req, **opt})
    elif mode == "minimal":
        base = st.fixed_dictionaries(req)
    else:
        base = _mixed(req, tuple((k, v, nullable(model, k)) for k, v in opt.items()))
    return st.builds(_merge, base, *fragments)


# 0 absent, 1 set, 2 null: each about equally often (fixed_dictionaries' optional keys are left out most
# of the time, which starves rare enum values); absent is the simplest, so failures shrink to small bodies
_STATE = {True: st.integers(0, 2), False: st.integers(0, 1)}


def _mixed(req: dict, opt: tuple):
    required = st.fixed_dictionaries(req)

    @st.composite
    def body(draw):
        out = draw(required)
        for key, value, null_ok in opt:
            state = draw(_STATE[null_ok])
            if state == 1:
                out[key] = draw(value)
            elif state == 2:
                out[key] = None
        return out

    return body()


# ------------------------------------------------------------------------------------------- pieces


def _namespace(mode: str, edge: bool):
    """namespaceDefinition with namespaceFormat: customformat always comes with a format."""
    definition = choice(enum("NamespaceDefinitionType"))
    fmt = st.one_of(_FORMATS, _text.varchar_strings) if edge else _FORMATS  # namespace_format: varchar(256)

    def fix(d: dict, f: str) -> dict:
        if d.get("namespaceDefinition") == CUSTOM_FORMAT and d.get("namespaceFormat") is None:
            d = {**d, "namespaceFormat": f}
        return d

    if mode == "minimal":
        return st.just({})
    if mode == "maximal":
        return st.fixed_dictionaries({"namespaceDefinition": definition, "namespaceFormat": fmt})
    pairs = st.fixed_dictionaries(
        {}, optional={"namespaceDefinition": st.none() | definition, "namespaceFormat": st.none() | fmt}
    )
    return st.builds(fix, pairs, fmt)


def _schedule(kind: str, mode: str, edge: bool):
    if mode == "minimal":
        return st.just({})
    if mode == "maximal":
        return _schedules.full_fields(edge, legacy=kind == "create")
    return _schedules.create_fields(edge) if kind == "create" else _schedules.update_fields(edge)


def _resources(edge: bool):
    cpu = st.one_of(_CPU, _text.edge_strings) if edge else _CPU
    mem = st.one_of(_MEMORY, _text.edge_strings) if edge else _MEMORY
    return st.fixed_dictionaries(
        {}, optional={"cpu_request": cpu, "cpu_limit": cpu, "memory_request": mem, "memory_limit": mem}
    )


def _catalog(world: World | None, edge: bool, mode: str, base: dict | None = None):
    """Catalogs on the discovered streams of the world (or connection), else synthetic; "all optional
    fields present" includes at least one stream."""
    discovered = base if base is not None else (world.catalog if world is not None else None)
    least = 1 if mode == "maximal" else 0
    if edge:
        if discovered is not None and discovered.get("streams"):
            return st.one_of(_catalogs.edge_catalog(), _catalogs.catalog_from(discovered, True, least))
        return _catalogs.edge_catalog()
    if discovered is not None:
        return _catalogs.catalog_from(discovered, False, least)
    return _catalogs.catalog(min_streams=least)


def _catalog_id(world: World | None):
    if world is None:
        return ids(None, "catalog_id")
    return None if world.catalog_id is None else st.just(world.catalog_id)


def _edge_id(strategy, edge: bool):
    """Jackson reads UUIDs in either case: an upper-case id is still the same, valid id."""
    return st.one_of(strategy, strategy.map(str.upper)) if edge else strategy


def _existing_operation_ids(world: World | None):
    if world is None:
        return ids(None, "operation_ids")
    return st.sampled_from(world.operation_ids) if world.operation_ids else None


def _label(edge: bool):
    """name and prefix are varchar(256) columns (see strategies/_text.py): never longer in a valid body."""
    return _text.varchar_strings if edge else _text.labels


# ------------------------------------------------------------------------------------------- bodies


def create(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    model = "WebBackendConnectionCreate"
    workspace = ids(world, "workspace_id")
    op_ids = _existing_operation_ids(world)
    req = {
        "sourceId": _edge_id(ids(world, "source_id"), edge),
        "destinationId": _edge_id(ids(world, "destination_id"), edge),
        "status": choice(enum("ConnectionStatus")),
    }
    opt = {
        "name": _label(edge),
        "prefix": _label(edge),
        "operationIds": st.lists(op_ids, unique=not edge, max_size=5 if edge else 3)
        if op_ids is not None
        else st.just([]),
        "syncCatalog": _catalog(world, edge, mode),
        "resourceRequirements": _resources(edge),
        "operations": st.lists(_operations.operation_create(workspace, edge), max_size=3),
        "sourceCatalogId": _catalog_id(world),
        **_newer.geography(model),
        "nonBreakingChangesPreference": choice(enum("NonBreakingChangesPreference")),
    }
    if "notifySchemaChanges" in properties(model):  # create has it from v1 on
        opt["notifySchemaChanges"] = st.booleans()
    extra, extra_fragments, extra_keys = _newer.release_fields(model, world, edge, mode)
    fragments = (_namespace(mode, edge), _schedule("create", mode, edge), *extra_fragments)
    keys = {"namespaceDefinition", "namespaceFormat", "schedule", "scheduleType", "scheduleData", *extra_keys}
    return assemble(model, req, {**opt, **extra}, fragments, keys, mode)


def update(world: World | None = None, edge: bool = False, mode: str = "mixed", connection: dict | None = None):
    model = "WebBackendConnectionUpdate"
    workspace = ids(world, "workspace_id")
    if connection is not None:
        connection_id = st.just(connection["connectionId"])
        existing = list(connection.get("operationIds") or []) or [
            op["operationId"] for op in connection.get("operations") or [] if "operationId" in op
        ]
        op_ids = st.sampled_from(existing) if existing else None
        catalog = _catalog(world, edge, mode, base=connection.get("syncCatalog") or {"streams": []})
    else:
        connection_id = ids(world, "connection_ids")
        op_ids = _existing_operation_ids(world)
        catalog = _catalog(world, edge, mode)
    req = {"connectionId": _edge_id(connection_id, edge)}
    opt = {
        "name": _label(edge),
        "prefix": _label(edge),
        "syncCatalog": catalog,
        "status": choice(enum("ConnectionStatus")),
        "resourceRequirements": _resources(edge),
        "skipReset": st.booleans(),
        "operations": st.lists(_operations.operation_create_or_update(workspace, op_ids, edge), max_size=3),
        "sourceCatalogId": _catalog_id(world),
        **_newer.geography(model),
        "notifySchemaChanges": st.booleans(),
        "nonBreakingChangesPreference": choice(enum("NonBreakingChangesPreference")),
    }
    extra, extra_fragments, extra_keys = _newer.release_fields(model, world, edge, mode)
    fragments = (_namespace(mode, edge), _schedule("update", mode, edge), *extra_fragments)
    keys = {"namespaceDefinition", "namespaceFormat", "schedule", "scheduleType", "scheduleData", *extra_keys}
    return assemble(model, req, {**opt, **extra}, fragments, keys, mode)


def get_request(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    req = {"connectionId": _edge_id(ids(world, "connection_ids"), edge)}
    # withRefreshedCatalog true runs a discover job and rewrites status and breakingChange of every live
    # connection of the source (SchedulerHandler.java:300-313, 455-475 at 0f4f4a9331): a write, and slow. A
    # get body is sent by read-only tests, so it never asks for one (tests/test_roundtrip.py refreshes on a
    # source of its own).
    return assemble("WebBackendConnectionRequestBody", req, {"withRefreshedCatalog": st.just(False)}, (), set(),
                    mode)


def list_request(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    most = 6 if edge else 1
    req = {"workspaceId": _edge_id(ids(world, "workspace_id"), edge)}
    opt = {
        "sourceId": st.lists(_edge_id(ids(world, "source_id"), edge), max_size=most),
        "destinationId": st.lists(_edge_id(ids(world, "destination_id"), edge), max_size=most),
        **_newer.list_pages(world, edge),
    }
    return assemble("WebBackendConnectionListRequestBody", req, opt, (), set(), mode)


def connection_id_body(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    req = {"connectionId": _edge_id(ids(world, "connection_ids"), edge)}
    return assemble("ConnectionIdRequestBody", req, {}, (), set(), mode)


def workspace_state(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    req = {"workspaceId": _edge_id(ids(world, "workspace_id"), edge)}
    return assemble("WebBackendWorkspaceState", req, {}, (), set(), mode)


def operation_create(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    return _operations.operation_create(_edge_id(ids(world, "workspace_id"), edge), edge)


def validate_mappers(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    """web_backend/mappers/validate (v2.0.0): mappers for one stream of a connection. The stream must be one
    of the connection's (WebBackendMappersHandler.kt:43-46 at v2.0.0 takes the first match and fails without
    one); a mapper's configuration is free JSON (mapper-configuration-free-json): what a mapper accepts is
    what the answer reports, per mapper, in a 200."""
    mapper = st.fixed_dictionaries(
        {"type": choice(enum("StreamMapperType")),
         "mapperConfiguration": st.fixed_dictionaries({}, optional={"fieldName": _text.names})},
        optional={"id": st.uuids().map(str)})
    stream = st.fixed_dictionaries({"name": _text.edge_segments if edge else _text.names},
                                   optional={"namespace": _text.names})
    req = {"connectionId": _edge_id(ids(world, "connection_ids"), edge), "streamDescriptor": stream,
           "mappers": st.lists(mapper, max_size=4)}
    return assemble("WebBackendValidateMappersRequestBody", req, {}, (), set(), mode)


def describe_cron(world: World | None = None, edge: bool = False, mode: str = "mixed"):
    """web_backend/describe_cron_expression (v2.0.0): a Quartz cron expression the schedule rules accept."""
    return assemble("WebBackendDescribeCronExpressionRequestBody",
                    {"cronExpression": _schedules.cron_expressions}, {}, (), set(), mode)


BUILDERS = {
    "WebBackendValidateMappersRequestBody": validate_mappers,
    "WebBackendDescribeCronExpressionRequestBody": describe_cron,
    "WebBackendConnectionCreate": create,
    "WebBackendConnectionUpdate": update,
    "WebBackendConnectionRequestBody": get_request,
    "WebBackendConnectionListRequestBody": list_request,
    "ConnectionIdRequestBody": connection_id_body,
    "WebBackendWorkspaceState": workspace_state,
    "OperationCreate": operation_create,
}
