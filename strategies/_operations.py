"""Operations: OperatorConfiguration whose branch matches operatorType, carried with the right workspace.

Rules (Airbyte at commit 0f4f4a9331):
- airbyte-commons-server/.../converters/OperationsConverter.java (populateOperatorConfigFromApi): the
  sub-object named by operatorType must be present (normalization / dbt / webhook); the others are
  dropped, so valid payloads send only the matching one. A webhook with webhookType dbtCloud needs
  `dbtCloud` {accountId, jobId}; it is stored as the URL
  https://cloud.getdbt.com/api/v2/accounts/<accountId>/jobs/<jobId>/run/ and every later read parses that
  URL back with `(\\d+)`, so a negative id or any other URL (the legacy executionUrl form) makes every read
  of the operation fail. Valid and edge payloads therefore use non-negative ids, and the legacy form only
  with a URL of that shape.
- From v1 on (v2.0.0 set) normalization and dbt operations lost their sub-objects: OperatorConfiguration has
  only `webhook`, and populateOperatorConfigFromApi stores any other type with its operatorType alone
  (airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/converters/OperationsConverter.kt:30-52
  at v2.0.0). A type whose branch the active contract lacks is sent with no sub-object.
- airbyte-commons-converters/.../ConnectionHelper.java (validateWorkspace) and WebBackendConnectionsHandler
  (createOperations / createOrUpdateOperations): operations belong to the connection's workspace, so they
  carry the world's workspaceId; an operationId in an update item is one that exists (otherwise the server
  silently creates a new operation).
"""

from __future__ import annotations

from hypothesis import strategies as st

from strategies import _text
from strategies._contract import boundaries, choice, enum, int_bounds, member, properties

NORMALIZATION = member("normalization", "OperatorType")
DBT = member("dbt", "OperatorType")
WEBHOOK = member("webhook", "OperatorType")
DBT_CLOUD = member("dbtCloud", "OperatorWebhook", "webhookType")

_DBT_URL = "https://cloud.getdbt.com/api/v2/accounts/{}/jobs/{}/run/"


def _dbt_cloud_id(edge: bool):
    _, high = int_bounds("OperatorWebhook", "dbtCloud", "accountId")
    sensible = st.integers(1, 10_000_000)
    if not edge:
        return sensible
    return st.one_of(
        sensible, st.sampled_from([b for b in boundaries("OperatorWebhook", "dbtCloud", "accountId") if 0 <= b <= high])
    )


def _optional(mapping: dict, edge: bool):
    return st.fixed_dictionaries({}, optional=mapping)


def _normalization(edge: bool):
    option = st.fixed_dictionaries({"option": choice(enum("OperatorNormalization", "option"))})
    return option if not edge else st.one_of(option, st.just({}))  # option may be absent (stored as null)


def _dbt(edge: bool):
    text = _text.edge_strings if edge else _text.labels
    url = st.sampled_from(("https://github.com/airbytehq/jaffle_shop.git", "git@github.com:org/dbt.git"))
    return st.builds(
        lambda u, rest: {"gitRepoUrl": u, **rest},
        text if edge else url,
        _optional(
            {
                "gitRepoBranch": text,
                "dockerImage": st.just("fishtownanalytics/dbt:1.0.0") | text,
                "dbtArguments": st.just("run") | text,
            },
            edge,
        ),
    )


def _webhook(edge: bool):
    config_id = st.uuids().map(str)
    ids = st.tuples(_dbt_cloud_id(edge), _dbt_cloud_id(edge))
    typed = st.builds(
        lambda cid, pair: {
            "webhookConfigId": cid,
            "webhookType": DBT_CLOUD,
            "dbtCloud": {"accountId": pair[0], "jobId": pair[1]},
        },
        config_id,
        ids,
    )
    # the deprecated form (no webhookType): valid only when the URL has the dbt Cloud shape
    legacy = st.builds(
        lambda cid, pair: {
            "webhookConfigId": cid,
            "executionUrl": _DBT_URL.format(*pair),
            "executionBody": '{"cause": "airbyte"}',
        },
        config_id,
        ids,
    )
    return st.one_of(typed, legacy)


_BRANCHES = {NORMALIZATION: ("normalization", _normalization), DBT: ("dbt", _dbt), WEBHOOK: ("webhook", _webhook)}


def operator_configuration(edge: bool = False):
    choices = []
    branches = properties("OperatorConfiguration")
    for operator_type in enum("OperatorType"):
        if operator_type not in _BRANCHES:
            raise LookupError(f"no rule for operatorType {operator_type!r}: add one to strategies/_operations.py")
        key, branch = _BRANCHES[operator_type]
        if key not in branches:  # the release dropped this type's sub-object: the type alone
            choices.append(st.just({"operatorType": operator_type}))
            continue
        choices.append(branch(edge).map(lambda sub, t=operator_type, k=key: {"operatorType": t, k: sub}))
    return st.one_of(choices)


def operation_create(workspace_ids, edge: bool = False):
    """OperationCreate (also the items of WebBackendConnectionCreate.operations)."""
    return st.fixed_dictionaries(
        {
            "workspaceId": workspace_ids,
            "name": _text.varchar_strings if edge else _text.labels,  # operation.name: varchar(256)
            "operatorConfiguration": operator_configuration(edge),
        }
    )


def operation_create_or_update(workspace_ids, operation_ids, edge: bool = False):
    """WebBackendOperationCreateOrUpdate: a new operation, or (with an existing operationId) an update."""
    base = operation_create(workspace_ids, edge)
    if operation_ids is None:
        return base
    return st.builds(
        lambda op, extra: {**op, **extra}, base, st.fixed_dictionaries({}, optional={"operationId": operation_ids})
    )
