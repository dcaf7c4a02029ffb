"""Behaviour rules that differ between the supported Airbyte releases: one entry per release, each value
with its citation (paths in airbytehq/airbyte-platform at the release's commit or tag). What is the same in
every release stays where it is (suite.airbyte, suite.policy); this table holds only what changed, and the
checks ask `active()` for it, so a run judges its target by the contract set it chose
(contracts.releases.active()). The reasons are in each release's DEVIATIONS.md under the named deviation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contracts import releases


@dataclass(frozen=True)
class ListPages:
    """connections/list answers one page (deviation list-pages)."""
    default_size: int
    where: str


@dataclass(frozen=True)
class Rules:
    release: str
    # 404 for an unknown id: Airbyte's words (prefix + "Could not find configuration for <KIND>: <id>."), or
    # None where the body is an errorId alone (error-bodies)
    not_found_prefix: str | None
    not_found_kinds: dict
    # 422 for a body that is not JSON: the message's start, or None for an errorId body (error-id-bodies)
    malformed_json_message: str | None
    # (status, where) Airbyte answers a value over varchar(256) with (varchar-256)
    over_varchar: tuple[int, str]
    # the lines of the varchar(256) columns (suite.policy.VARCHAR_COLUMNS) in the release's
    # airbyte-db/db-lib/src/main/resources/configs_database/schema_dump.txt
    varchar_lines: dict
    # request model -> (id field, the 200 answer for no id) where Airbyte answers a missing id without a 5xx;
    # a model not listed here that takes an id answers 500 (ids-read-as-absent)
    answers_without_id: dict
    # request model -> (field, where Airbyte dereferences it): 500 for a value read as absent (an id: null,
    # "" or blank; any other field: null or missing)
    dereferenced_ids: dict
    list_pages: ListPages | None
    # (status, why) Airbyte answers web_backend/connections/create with when an operation of the body names an
    # unknown workspace: the body's operations are made before anything else (server-errors-on-client-input)
    unknown_operation_workspace: tuple[int, str]
    # request model -> (JSON path of a list of enum values, a value the document allows, where the handler fails
    # on it): a 500 Airbyte gives for that value (unmapped-enum-values)
    unmapped_values: dict = field(default_factory=dict)
    # fields every stored stream configuration / stream reads back with, whatever was sent
    # (stream-configuration-echo): {field: value}
    config_read_defaults: dict = field(default_factory=dict)
    stream_read_defaults: dict = field(default_factory=dict)
    # configuration fields stored and read back as sent (absent stays absent)
    config_echoed: tuple[str, ...] = ()
    # configuration fields whose read value the suite does not predict (compared on neither side)
    config_open: tuple[str, ...] = ()
    # a read merged with the source's catalog takes the source-defined primary key over the configured one
    merged_source_key_first: bool = False
    # connection fields a patch replaces when present (ConnectionsHandler.applyPatchToStandardSync)
    patchable: tuple[str, ...] = ()
    # connection fields create answers as sent and, when not sent, as {field: this value}
    created_defaults: dict = field(default_factory=dict)
    # {field: another field}: create keeps the first as sent only when the other is sent too (else its default)
    created_only_with: dict = field(default_factory=dict)
    # connection fields no connection read carries, whatever was sent
    never_answered: tuple[str, ...] = ()
    # where an update rewrites an existing email notification row only when its enabled differs from
    # notifySchemaChanges (None: the patched notifySchemaChangesByEmail always wins)
    email_row_follows_webhook: str | None = None
    # operator types whose branch (operatorConfiguration.<type>) an operation's read carries back
    operator_branches_read: tuple[str, ...] = ("normalization", "dbt", "webhook")
    # the stored webhook URL a read parses back into dbtCloud (groups `account` and `job`)
    dbt_cloud_url: str = r"https://cloud\.getdbt\.com/api/v2/accounts/(?P<account>\d+)/jobs/(?P<job>\d+)/run/"
    # the catalog diff (suite.refresh): destination sync modes whose primary key a removed field breaks; whether
    # an update_stream needs the stream configured and a transform (its shape is the contract's)
    dedup_modes: tuple[str, ...] = ("append_dedup",)
    update_stream_needs_configured: bool = False
    # where a sync of a connection that is not active is a 500 (None: it is asked of the workflow, 409 once deleted)
    sync_needs_active: str | None = None
    # the values of a body Airbyte dereferences without a null check, so that one read as absent is a 500
    # (required-not-enforced): model -> ((field, inside, where), ...), `inside` meaning the values under the
    # field rather than the field itself; None: the pinned set's, suite.policy.DEREFERENCED
    dereferenced_values: dict | None = None
    # schema refresh (suite.refresh, suite.propagation): the nonBreakingChangesPreference values a connection can
    # have, and whether a refresh with a connection id writes breakingChange and status to every connection of the
    # source (else to the named connection only)
    refresh_preferences: tuple[str, ...] = ("ignore", "disable")
    refresh_writes_every_connection: bool = True


_V0_SERVER = "airbyte-server/src/main/java/io/airbyte/server/"
_V0_CONFIG = "airbyte-config/config-persistence/src/main/java/io/airbyte/config/persistence/"
_V0_HANDLERS = "airbyte-commons-server/src/main/java/io/airbyte/commons/server/handlers/"
_V2_HANDLERS = "airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/"
_V2_DATA = "airbyte-data/src/main/kotlin/io/airbyte/data/services/"

# values inside syncCatalog and operations that the v2.0.0 handlers read without a null check
_V2_IN_CATALOG = ("syncCatalog", True, _V2_HANDLERS + "helpers/CatalogConverter.kt:286-306 (streams, config, "
                  "selected, stream and the sync modes read without null checks), :234-238 (supportedSyncModes)")
_V2_IN_OPERATIONS = ("operations", True, _V2_HANDLERS + "OperationsHandler.kt:73 (workspaceId into "
                     "getWorkspaceWithSecrets(workspaceId: UUID), " + _V2_DATA + "WorkspaceService.kt:103-105), "
                     ":91 (operatorConfiguration), airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/"
                     "converters/OperationsConverter.kt:36 (Objects.requireNonNull(operatorType))")

V0_42_1 = Rules(
    release="v0.42.1",
    not_found_prefix="Internal Server Error: ",  # airbyte-commons-server/.../errors/IdNotFoundExceptionMapper.java:33
    not_found_kinds={"connection": "STANDARD_SYNC", "source": "SOURCE_CONNECTION",  # ConfigRepository.java:853,965
                     "destination": "DESTINATION_CONNECTION"},
    malformed_json_message="Invalid json",  # airbyte-server/.../errors/InvalidJsonExceptionHandler.java:24-31
    over_varchar=(500, "the insert fails and the IOException becomes a 500 ("
                       + _V0_SERVER + "apis/ApiHelper.java:35-37)"),
    varchar_lines={"name": 122, "prefix": 119, "namespaceFormat": 118, "operations[].name": 176},
    answers_without_id={
        # ConfigRepository.java:1217 (no actor has a null workspace): no connections
        "WebBackendConnectionListRequestBody": ("workspaceId", {"connections": []}),
        # WebBackendConnectionsHandler.java:121-125: counts for a null workspace are 0
        "WebBackendWorkspaceState": ("workspaceId", {"hasConnections": False, "hasSources": False,
                                                     "hasDestinations": False}),
        # WebBackendConnectionsHandler.java:133-134, StatePersistence.java:60-65: no state for a null connection
        "ConnectionIdRequestBody": ("connectionId", "not_set"),
    },
    dereferenced_ids={},  # the pinned set's are suite.policy.DEREFERENCED, written once there
    list_pages=None,
    # create makes the body's operations first (WebBackendConnectionsHandler.java:527, 644-652) and
    # OperationsHandler.createOperation (OperationsHandler.java:68-84) never looks the workspace up: the insert
    # breaks the foreign key operation_workspace_id_fkey (schema_dump.txt) and the IOException is a 500
    # (ApiHelper.java:35-37)
    unknown_operation_workspace=(500, "foreign key operation_workspace_id_fkey; " + _V0_HANDLERS
                                 + "OperationsHandler.java:68-84 never looks the workspace up"),
    patchable=("name", "namespaceDefinition", "namespaceFormat", "prefix", "status", "resourceRequirements",
               "geography", "notifySchemaChanges", "nonBreakingChangesPreference"),
)

V2_0_0 = Rules(
    release="v2.0.0",
    not_found_prefix=None,  # IdNotFoundExceptionHandler.kt:33-41: an errorId alone
    not_found_kinds={},
    malformed_json_message=None,  # InvalidJsonExceptionHandler.kt:45: an errorId alone
    over_varchar=(409, "jOOQ's DataAccessException becomes a ConflictException, 409 "
                       "(airbyte-server/src/main/kotlin/io/airbyte/server/apis/ApiHelper.kt:45)"),
    varchar_lines={"name": 201, "prefix": 198, "namespaceFormat": 197, "operations[].name": 422},
    answers_without_id={},
    dereferenced_ids={
        "WebBackendConnectionListRequestBody": (
            "workspaceId", _V2_DATA + "shared/StandardSyncQuery.kt:20 (a Kotlin non-null parameter), built at "
            + _V2_HANDLERS + "WebBackendConnectionsHandler.kt:168"),
        "WebBackendWorkspaceState": (
            "workspaceId", _V2_DATA + "impls/jooq/WorkspaceServiceJooqImpl.kt:473 (a Kotlin non-null parameter)"),
        "ConnectionIdRequestBody": (
            "connectionId", "airbyte-config/config-persistence/src/main/kotlin/io/airbyte/config/persistence/"
            "StatePersistence.kt:59 (a Kotlin non-null parameter)"),
        "WorkspaceIdRequestBody": (
            "workspaceId", _V2_DATA + "impls/jooq/ConnectionServiceJooqImpl.kt:2412 (a Kotlin non-null parameter)"),
        "WebBackendValidateMappersRequestBody": (
            "connectionId", _V2_DATA + "ConnectionService.kt:31 (getStandardSync(connectionId: UUID))"),
        "WebBackendDescribeCronExpressionRequestBody": (
            "cronExpression", "airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/helpers/"
            "CronExpressionHelper.kt:23 (a Kotlin non-null parameter)"),
    },
    # buildFilters maps each status by name onto ConnectionJobStatus (HEALTHY, FAILED, RUNNING): `paused` is an
    # IllegalArgumentException no handler maps
    unmapped_values={"WebBackendConnectionListRequestBody": (
        ("filters", "statuses"), "paused",
        "airbyte-data/src/main/kotlin/io/airbyte/data/services/shared/WorkspaceResourceCursorPagination.kt:28-32,256")},
    list_pages=ListPages(20, _V2_HANDLERS + "WebBackendConnectionsHandler.kt:161-166, "
                             "airbyte-data/.../shared/WorkspaceResourceCursorPagination.kt:17"),
    # CatalogConverter.kt:100 (suggested), :105 (selectedFields), :106-116 (hashedFields, mappers from the
    # stored mappers: none sent, none stored); :64 (sourceDefinedCursor false when not sent)
    config_read_defaults={"suggested": False, "selectedFields": [], "hashedFields": [], "mappers": []},
    stream_read_defaults={"sourceDefinedCursor": False},
    config_echoed=("destinationObjectName",),  # CatalogConverter.kt:102, :305
    # includeFiles: stored only when sent (CatalogConverter.kt:317-318), read from the stored stream (:101),
    # whose default was not read; generationId, minimumGenerationId, syncId: the stored stream's, set by syncs
    # (:117-119), never from a request
    config_open=("includeFiles", "generationId", "minimumGenerationId", "syncId"),
    # WebBackendConnectionsHandler.kt:605-612 at v2.0.0 (v0.42.1 kept a configured key first)
    merged_source_key_first=True,
    # ConnectionsHandler.kt:286-343 (geography is gone; backfillPreference and notifySchemaChangesByEmail new)
    patchable=("name", "namespaceDefinition", "namespaceFormat", "prefix", "status", "resourceRequirements",
               "notifySchemaChanges", "notifySchemaChangesByEmail", "nonBreakingChangesPreference",
               "backfillPreference"),
    # ConnectionsHandler.kt:542-545 pass the three on as sent, null included. Jooq = airbyte-data/.../impls/jooq/
    # ConnectionServiceJooqImpl.kt, Db = its DbConverter.kt. notifySchemaChanges: a webhook notification row only
    # when true (Jooq :2005-2014, :2362), none reads false (Db :84-92, :188); notifySchemaChangesByEmail: create
    # has no such field and never sets it (Db :94-102, :189); the schema_management row holding
    # nonBreakingChangesPreference and backfillPreference is written only for a non-null
    # nonBreakingChangesPreference (Jooq :1940-1942, a null backfillPreference as disabled :1956), and without it
    # a read answers ignore and disabled (Db :182-187, :191-196)
    created_defaults={"notifySchemaChanges": False, "notifySchemaChangesByEmail": False,
                      "nonBreakingChangesPreference": "ignore", "backfillPreference": "disabled"},
    created_only_with={"backfillPreference": "nonBreakingChangesPreference"},
    # copied from a ConnectionRead that never has one (WebBackendConnectionsHandler.kt:999;
    # airbyte-commons-server/.../converters/ApiPojoConverters.kt:169-203; create and the patch never store it)
    never_answered=("dataplaneGroupId",),
    email_row_follows_webhook=(
        "airbyte-data/src/main/kotlin/io/airbyte/data/services/impls/jooq/ConnectionServiceJooqImpl.kt:1993-2004 "
        "(the email row's enabled is compared with standardSync.notifySchemaChanges); a row is inserted only when "
        "there is none and the flag is true (:2005-2014), never by create"),
    # airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/converters/OperationsConverter.kt:56-79:
    # a read sets only operatorType and, for a webhook, the webhook (normalization and dbt are neither checked
    # nor stored on create, :30-53); :124 any https host is parsed as dbt Cloud
    operator_branches_read=("webhook",),
    # airbyte-commons-protocol/src/main/kotlin/io/airbyte/commons/protocol/CatalogDiffHelpers.kt:371-373 (dedup),
    # :207-221 (a configured stream, some transform)
    dedup_modes=("append_dedup", "overwrite_dedup"),
    update_stream_needs_configured=True,
    sync_needs_active=_V2_HANDLERS + "SchedulerHandler.kt:637-645 (check(sync.status == ACTIVE): an "
                                     "IllegalStateException, 500)",
    dbt_cloud_url=r"https://(.*)/api/v2/accounts/(?P<account>\d+)/jobs/(?P<job>\d+)/run/",
    # airbyte-api/server-api/src/main/openapi/config.yaml:18296-18302. A refresh applies none of the propagating
    # values' changes: it reaches ConnectionsHandler.diffCatalogAndConditionallyDisable only (suite.propagation)
    refresh_preferences=("ignore", "disable", "propagate_columns", "propagate_fully"),
    # SchedulerHandler.kt:313-325 ("does not disable other connections"), :407-411 -> ConnectionsHandler.kt:
    # 2299-2312: the diff, breakingChange and status of the connection named in the request alone (v0.42.1 looped
    # over listConnectionsForSource, SchedulerHandler.java:452-483 at 0f4f4a9331)
    refresh_writes_every_connection=False,
    # create makes the body's operations first (WebBackendConnectionsHandler.kt:692-693, 886-895), and
    # OperationsHandler.createOperation reads the operation's workspace before anything else (OperationsHandler.kt:
    # 69-76, WorkspaceServiceJooqImpl.kt:757-761, 82-93): an unknown one is ConfigNotFoundException WORKSPACE, a
    # 404 (airbyte-server/.../apis/ApiHelper.kt:38, IdNotFoundExceptionHandler.kt:38-40), never a 500
    unknown_operation_workspace=(404, _V2_HANDLERS + "WebBackendConnectionsHandler.kt:693, 892 and "
                                 "OperationsHandler.kt:69-76 read the operation's workspace before anything else"),
    dereferenced_values={
        "WebBackendConnectionRequestBody": (
            ("connectionId", False, _V2_HANDLERS + "WebBackendConnectionsHandler.kt:431-436, ConnectionsHandler.kt:"
                                    "1249 (getConnection(connectionId: UUID), a Kotlin non-null parameter)"),),
        "WebBackendConnectionUpdate": (
            ("connectionId", False, _V2_HANDLERS + "WebBackendConnectionsHandler.kt:715-716, ConnectionsHandler.kt:"
                                    "1249 (getConnection(connectionId: UUID), a Kotlin non-null parameter)"),
            _V2_IN_CATALOG, _V2_IN_OPERATIONS),
        "WebBackendConnectionCreate": (
            ("sourceId", False, _V2_HANDLERS + "ConnectionsHandler.kt:495, " + _V2_DATA
             + "SourceService.kt:69 (getSourceConnection(sourceId: UUID), a Kotlin non-null parameter)"),
            ("destinationId", False, _V2_HANDLERS + "ConnectionsHandler.kt:496, " + _V2_DATA
             + "DestinationService.kt:72 (getDestinationConnection(destinationId: UUID), a Kotlin non-null "
               "parameter)"),
            _V2_IN_CATALOG, _V2_IN_OPERATIONS),
    },
)

RULES = {rules.release: rules for rules in (V0_42_1, V2_0_0)}


def active() -> Rules:
    """The rules of the release whose contract set the run uses."""
    return RULES[releases.active()]
