"""What the suite may insist on when it sends something wrong, and what it only observes.

An Airbyte server reads JSON with Jackson, which coerces many wrong scalars and ignores unknown or
missing fields (contracts/DEVIATIONS.md: scalar-coercion, unknown-request-fields-ignored,
required-not-enforced), and answers 500 to some client mistakes (server-errors-on-client-input).
So: a mistake Airbyte certainly refuses must get a 4xx with an error body; any other mistake may be
accepted or refused but must not break the server. A 5xx that Airbyte itself gives for the mistake is
tolerated as a known quirk and counted in the run's summary, never passed silently.
"""

from __future__ import annotations

import contracts
from contracts.navigation import non_null, value_at
from suite import rules
from suite.client import Exchange


def schema_at(model: str, parts) -> dict:
    node = non_null(contracts.resolved(model))
    for part in parts:
        node = non_null(node["items"] if isinstance(part, int) else node.get("properties", {}).get(part, {}))
    return node


def _types(schema: dict) -> set[str]:
    kind = schema.get("type")
    return set() if kind is None else ({kind} if isinstance(kind, str) else set(kind)) - {"null"}


def coercible(value, schema: dict) -> bool:
    """Whether Jackson (as Airbyte configures it) might read `value` where `schema` is expected."""
    types = _types(schema)
    if value is None or not types:
        return True  # null reads as absent; an untyped node is a free JSON value
    if "object" in types and not schema.get("properties"):
        return True  # free-form JSON objects (jsonSchema, connectionConfiguration) are JsonNodes
    if "array" in types:
        return True  # a scalar becomes a one-element array; an object may become one
    if isinstance(value, list):
        return len(value) == 1 and coercible(value[0], schema)  # one-element arrays unwrap
    if isinstance(value, dict):
        return False
    if "string" in types:
        return True  # numbers and booleans are written as text
    if types & {"integer", "number"}:
        if isinstance(value, bool | float | int):
            return True
        return numeric_text(value)
    if "boolean" in types:
        return isinstance(value, int | float) or (isinstance(value, str) and value.lower() in ("true", "false"))
    return False  # an object expected: a scalar cannot become one


def numeric_text(text: str) -> bool:
    """Whether `text` reads as a number (what a numeric field takes from a JSON string)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


# Java's String.trim: every character up to U+0020
JAVA_TRIM = "".join(map(chr, range(0x21)))


def reads_as_absent(value, schema: dict) -> bool:
    """Whether Jackson hands Airbyte's handler null for `value` where `schema` is expected: null itself, and
    for a UUID "" or a string of characters Java's trim() removes (jackson-databind 2.14
    FromStringDeserializer.deserialize: the text is trimmed, an empty text goes to
    _deserializeFromEmptyString, which gives null for UUID). A missing field reads as null too."""
    if value is None:
        return True
    return isinstance(value, str) and schema.get("format") == "uuid" and not value.strip(JAVA_TRIM)


# v0.42.1's only (a later release names its own in suite.rules dereferenced_values): where an Airbyte handler
# dereferences a value without a null check, so that a value read as absent there is an uncaught
# NullPointerException: 500 by UncaughtExceptionHandler (airbyte-server/.../errors/
# UncaughtExceptionHandler.java:32-33). Paths relative to airbyte-platform at 0f4f4a9331. Each entry:
# model -> (test on the JSON path's parts, what it is, where Airbyte dereferences it).
_CONFIG = "airbyte-config/config-persistence/src/main/java/io/airbyte/config/persistence/"
_HANDLERS = "airbyte-commons-server/src/main/java/io/airbyte/commons/server/handlers/"
_CONNECTION_ID = (lambda parts: parts == ["connectionId"], "connectionId",
                  _CONFIG + "StandardSyncPersistence.java:68 (Optional.of(null))")
_IN_CATALOG = (lambda parts: len(parts) > 1 and parts[0] == "syncCatalog", "a value inside syncCatalog",
               _HANDLERS + "helpers/CatalogConverter.java:127-175,312-325 (streams, stream, config, selected, "
               "modes, keys and selected fields read without null checks)")
_IN_OPERATIONS = (lambda parts: len(parts) > 1 and parts[0] == "operations", "a value inside operations",
                  "airbyte-commons-server/.../converters/OperationsConverter.java:30-32 (operatorConfiguration "
                  "and its operatorType switched on), schema_dump.txt:176 (operation.name not null)")
DEREFERENCED = {
    "WebBackendConnectionRequestBody": (_CONNECTION_ID,),
    "WebBackendConnectionUpdate": (_CONNECTION_ID, _IN_CATALOG, _IN_OPERATIONS),
    "WebBackendConnectionCreate": (
        (lambda parts: parts == ["sourceId"], "sourceId", _CONFIG + "ConfigRepository.java:851 (Optional.of(null))"),
        (lambda parts: parts == ["destinationId"], "destinationId",
         _CONFIG + "ConfigRepository.java:963 (Optional.of(null))"),
        _IN_CATALOG, _IN_OPERATIONS),
}


def dereferenced(model: str) -> tuple:
    """The values of `model` the release the run uses dereferences: DEREFERENCED at v0.42.1, the release's own
    (suite.rules dereferenced_values) otherwise, and the ids it dereferences besides (suite.rules
    dereferenced_ids: from v1 on the Kotlin handlers' non-null parameters, deviation ids-read-as-absent)."""
    release = rules.active()
    if release.dereferenced_values is None:
        found = DEREFERENCED.get(model, ())
    else:
        found = tuple(_value_test(*entry) for entry in release.dereferenced_values.get(model, ()))
    extra = release.dereferenced_ids.get(model)
    if extra is None:
        return found
    field, where = extra
    return (*found, (lambda parts, f=field: parts == [f], field, where))


def _value_test(field: str, inside: bool, where: str) -> tuple:
    if inside:
        return (lambda parts: len(parts) > 1 and parts[0] == field, f"a value inside {field}", where)
    return (lambda parts: parts == [field], field, where)


# Not listed, because Airbyte at 0f4f4a9331 answers them without a 5xx (suite.rules answers_without_id):
# connections/list with no workspaceId (200, no connections: the query's workspace condition matches nothing,
# ConfigRepository.java:1217), workspace/state (200, all false: WebBackendConnectionsHandler.java:121-125
# counts with a null id) and state/get_type (200 not_set: WebBackendConnectionsHandler.java:133-134,
# StatePersistence.java:60-65 finds no state). At v2.0.0 all three are 500s (suite.rules dereferenced_ids).


def absent_but_dereferenced(model: str, bad) -> str | None:
    """The rule, in words with its Airbyte code, by which Airbyte answers 500 to this body: a value Jackson
    reads as absent where the handler dereferences it. None when no rule predicts a 5xx."""
    if bad.kind in ("not_an_object", "unknown_field") or unknown_workspace_refused_first(model, bad.payload):
        return None
    parts = list(bad.parts)
    if bad.kind == "missing_required":
        parts = [*parts, bad.missing]
    else:
        try:
            value = value_at(bad.payload, tuple(parts))
        except (KeyError, IndexError, TypeError):
            return None
        schema = schema_at(model, parts)
        missing = _missing_in_single_item(value, schema)
        if missing is not None:
            parts = [*parts, 0, missing]
        elif not reads_as_absent(value, schema):
            return None
    for test, what, where in dereferenced(model):
        if test(parts):
            return (f"500 on {what} read as absent (Jackson: null, \"\" or blank id), dereferenced at {where} "
                    "(required-not-enforced)")
    return None


def _missing_in_single_item(value, schema: dict) -> str | None:
    """An object sent where a list of objects is expected is read as a one-element list (Micronaut 3.8.7
    turns on ACCEPT_SINGLE_VALUE_AS_ARRAY: jackson-databind/.../ObjectMapperFactory.java:185-187): the first
    required field of the item the object lacks (read as null inside the list), or None. Carried over to v2.0.0
    (Micronaut 4.9.12) without re-reading its ObjectMapperFactory."""
    if not isinstance(value, dict) or "array" not in _types(schema):
        return None
    item = non_null(schema.get("items", {}))
    return next((field for field in item.get("required", ()) if value.get(field) is None), None)


def absent_id_rule(model: str, payload) -> str | None:
    """For any body (the schemathesis layer's too): the rule by which Airbyte answers 500 because a
    top-level id it dereferences (DEREFERENCED) is missing, null, "" or blank. None when there is none."""
    if not isinstance(payload, dict):
        return None  # Micronaut cannot bind it: a 400 before any handler runs
    if unknown_workspace_refused_first(model, payload):
        return None
    fields = ("connectionId", "sourceId", "destinationId", "workspaceId",
              *(field for field, _ in rules.active().dereferenced_ids.values()))
    for test, what, where in dereferenced(model):
        for field in dict.fromkeys(fields):
            schema = {"format": "uuid"} if field.endswith("Id") else {}
            if test([field]) and reads_as_absent(payload.get(field), schema):
                return (f"500 on {what} read as absent (Jackson: null, \"\" or blank id), dereferenced at "
                        f"{where} (required-not-enforced)")
    return None


def unmapped_value_rule(model: str, payload) -> str | None:
    """The rule by which Airbyte answers 500 to an enum value its document allows but its handler cannot map
    (suite.rules unmapped_values), when `payload` sends it; None otherwise."""
    found = rules.active().unmapped_values.get(model)
    if found is None or not isinstance(payload, dict):
        return None
    path, value, where = found
    node: object = payload
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    if node == value or (isinstance(node, list) and value in node):
        return f"500 on {'.'.join(path)} {value!r}, which the handler cannot map ({where}) (unmapped-enum-values)"
    return None


def operation_in_unknown_workspace(model: str, payload, known_workspaces=()) -> str | None:
    """The rule, in words, by which Airbyte answers 500 to a create whose operation names an unknown workspace,
    when `payload` has such an operation and the release the run uses gives that 500 (suite.rules
    unknown_operation_workspace: v0.42.1 never looks the workspace up; v2.0.0 answers 404); None otherwise."""
    status, why = rules.active().unknown_operation_workspace
    if status != 500 or model != "WebBackendConnectionCreate" or not isinstance(payload, dict):
        return None
    operations = payload.get("operations")
    if not isinstance(operations, list):
        return None
    known = {str(w).lower() for w in known_workspaces}
    for operation in operations:
        workspace = operation.get("workspaceId") if isinstance(operation, dict) else None
        if isinstance(workspace, str) and workspace.strip(JAVA_TRIM).lower() not in known:
            return f"500 on an operation in an unknown workspace ({why}) (server-errors-on-client-input)"
    return None


def unknown_workspace_refused_first(model: str, payload, known_workspaces=()) -> str | None:
    """Where the release the run uses reads an operation's workspace before anything else and refuses an unknown
    one (suite.rules unknown_operation_workspace, v2.0.0: 404): the rule, in words, when the first operation of a
    create names a workspace not in `known_workspaces`, so that no 500 for the body is Airbyte's; None otherwise
    (also where the first operation fails before its workspace is read: not an object, or no workspaceId)."""
    status, why = rules.active().unknown_operation_workspace
    if status == 500 or model != "WebBackendConnectionCreate" or not isinstance(payload, dict):
        return None
    operations = payload.get("operations")
    if not isinstance(operations, list) or not operations or not isinstance(operations[0], dict):
        return None
    workspace = operations[0].get("workspaceId")
    if not isinstance(workspace, str) or not contracts.is_uuid(workspace.strip(JAVA_TRIM)):
        return None  # read as absent (500) or not a UUID Jackson reads (400)
    if workspace.strip(JAVA_TRIM).lower() in {str(w).lower() for w in known_workspaces}:
        return None
    return f"{status} for an operation in an unknown workspace before anything else ({why})"


def certainly_refused(model: str, bad) -> bool:
    """Whether Airbyte certainly answers this contract violation with a 4xx."""
    if bad.kind in ("missing_required", "unknown_field"):
        return False
    if bad.kind == "not_an_object":
        return bad.payload is not None and not (isinstance(bad.payload, list) and len(bad.payload) == 1)
    parts = list(bad.parts)
    value = value_at(bad.payload, tuple(parts))
    if bad.kind == "bad_uuid":
        stripped = value.strip(JAVA_TRIM) if isinstance(value, str) else value
        return bool(stripped) and not contracts.is_uuid(stripped)  # "" and padded uuids read fine
    if bad.kind == "bad_enum":
        return True
    if bad.kind in ("wrong_type", "deep_wrong_type"):
        return not coercible(value, schema_at(model, parts))
    return False


def names_another_id(exchange: Exchange, bad) -> bool:
    """Whether a 404 is (or, where the 404 does not name its id, may be) about another id of the body (create
    looks the source up before the destination, ConnectionsHandler.java:130-131), not about the id read as
    absent."""
    field = bad.parts[0]
    others = [v.strip(JAVA_TRIM).lower() for k, v in bad.payload.items()
              if k != field and isinstance(v, str) and v.strip(JAVA_TRIM)]
    prefix = rules.active().not_found_prefix
    if prefix is None or prefix not in exchange.text:
        # the 404 is an errorId alone (v2.0.0 error-id-bodies; or, in compatibility mode, a newer server's 404
        # judged by an older release): which id it is about cannot be told, and create still looks the source up
        # before the destination (ConnectionsHandler.kt:495-496 at v2.0.0)
        return bool(others)
    return any(other in exchange.text.lower() for other in others)


# varchar(256) columns the webBackend writes (airbyte-db/db-lib/src/main/resources/configs_database/
# schema_dump.txt, the same four columns at 0f4f4a9331 and at v2.0.0, on the lines of suite.rules
# varchar_lines); PostgreSQL counts characters, i.e. code points.
VARCHAR_LIMIT = 256
VARCHAR_COLUMNS = {"name": "connection.name", "prefix": "connection.prefix",
                   "namespaceFormat": "connection.namespace_format", "operations[].name": "operation.name"}


def varchar_column(field: str) -> str:
    """The column of a varchar(256) field, with its line in the schema dump of the release the run uses."""
    return f"{VARCHAR_COLUMNS[field]} (schema_dump.txt:{rules.active().varchar_lines[field]})"


def over_varchar_limit(payload: dict) -> list[str]:
    """The varchar(256) fields of a create or update body that are longer than 256 code points."""
    found = [k for k in ("name", "prefix", "namespaceFormat")
             if isinstance(payload.get(k), str) and len(payload[k]) > VARCHAR_LIMIT]
    if any(isinstance(op, dict) and isinstance(op.get("name"), str) and len(op["name"]) > VARCHAR_LIMIT
           for op in payload.get("operations") or []):
        found.append("operations[].name")
    return found
