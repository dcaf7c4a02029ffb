"""The fault switch: realistic misbehaviours that selftests turn on to prove a check can fail.

Each fault has a name and a one-line description of what it breaks. Code asks `ctx.faults.on(NAME)` at
exactly one place, marked with a `# FAULT: NAME` comment. With no fault on, nothing here changes behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    breaks: str


REGISTRY: dict[str, Fault] = {
    f.name: f
    for f in [
        Fault("update_resets_absent_fields",
              "connections/update resets fields absent from the patch to their create defaults"),
        Fault("update_merges_catalog",
              "connections/update merges the sent syncCatalog into the stored one instead of replacing it"),
        Fault("truncate_nested_primary_key", "stored primaryKey paths keep only their first element"),
        Fault("list_includes_deleted", "connections/list also returns deprecated (deleted) connections"),
        Fault("list_ignores_source_filter", "connections/list ignores the sourceId filter"),
        Fault("list_first_page_only", "connections/list answers the first 20 connections only, as if it paged "
              "(v0.42.1 has no limit, ConfigRepository.java:1200-1222)"),
        Fault("enum_500",
              "a stream with destinationSyncMode append_dedup makes create and update answer 500"),
        Fault("drop_cursor_field", "stored stream configurations lose their cursorField"),
        Fault("wrong_default_namespace_definition",
              "create defaults namespaceDefinition to destination instead of source"),
        Fault("operations_not_deleted_on_update", "update keeps operations that the sent operations list leaves out"),
        Fault("state_type_always_not_set", "state/get_type answers not_set whatever state is stored"),
        Fault("workspace_state_counts_deleted", "workspace/state counts deprecated connections as existing"),
        Fault("missing_required_response_field", "connection reads lack the required schemaChange field"),
        Fault("accept_schedule_with_schedule_type", "create accepts a legacy schedule together with scheduleType"),
        Fault("accept_invalid_cron", "cron schedules are stored without checking the expression or time zone"),
        Fault("not_found_as_500", "unknown ids give 500 instead of 404"),
        Fault("geographies_without_auto", "geographies/list leaves out auto"),
        Fault("nulls_in_responses", "responses carry absent optional fields as explicit nulls"),
        Fault("truncate_at_255",
              "strings for varchar(256) columns (connection name, prefix, namespaceFormat, operation and actor names) "
              "of 255 characters or more are cut to 255 instead of a 500 for longer ones: exactly 256 is mangled"),
        Fault("lists_statusless_connections",
              "connections/list also lists connections stored without a status (Airbyte's status <> 'deprecated' "
              "is not true for NULL)"),
        Fault("counts_statusless_connections",
              "workspace/state counts connections stored without a status as existing connections"),
        Fault("selected_fields_in_sent_order",
              "selectedFields are answered in the order sent, not in the stored schema's jsonb key order"),
        Fault("json_errors_reversed",
              "malformed JSON gets 400 and bodies Jackson cannot convert get 422 (Airbyte: 422 and 400)"),
        Fault("blank_ids_looked_up",
              "an id sent as \"\" is looked up as an id (404) instead of being read as null like Jackson does"),
        Fault("not_found_with_id",
              "404 bodies carry the id and lack Airbyte's \"Internal Server Error: \" prefix "
              "(IdNotFoundExceptionMapper)"),
        Fault("field_selection_keys_distinct",
              "the field-selection flag of each stream is kept apart, where Airbyte's '<namespace>/<name>' keys "
              "collide and the later stream's flag wins"),
        Fault("is_syncing_always_false", "isSyncing is false in get and list even while a sync job runs"),
        Fault("latest_job_includes_resets",
              "latestSyncJobStatus/CreatedAt come from the newest job of any type, reset jobs too "
              "(Airbyte: sync jobs only)"),
        Fault("latest_job_oldest", "latestSyncJobStatus/CreatedAt come from the oldest sync job, not the newest"),
        Fault("job_created_at_in_ms", "latestSyncJobCreatedAt is in milliseconds (Airbyte: seconds)"),
        Fault("list_without_job_fields", "connections/list items lack latestSyncJobStatus and latestSyncJobCreatedAt"),
        Fault("duplicate_workspace_slugs", "a second workspace of the same name gets the same slug (Airbyte: "
              "generateUniqueSlug appends '-' and 8 random letters)"),
        Fault("workspace_flags_omitted",
              "anonymousDataCollection, news and securityUpdates not sent or false are left out (Airbyte stores and "
              "answers false)"),
        Fault("removed_key_not_breaking",
              "a removed cursor or primary-key field is not a breaking change "
              "(CatalogHelpers.transformBreaksConnection)"),
        Fault("disable_preference_ignored",
              "a non-breaking schema change leaves a connection whose nonBreakingChangesPreference is disable active"),
        Fault("schema_change_ignores_breaking", "schemaChange is non_breaking where breakingChange is stored true"),
        Fault("diff_skips_array_items",
              "the catalog diff does not walk arrays' items: no field transforms under them, and a removed cursor or "
              "primary key there is not breaking (JsonSchemas.traverseJsonSchema walks them as \"items\")"),
        Fault("diff_skips_oneof",
              "the catalog diff does not walk the branches of oneOf/anyOf/allOf: no field transforms for their "
              "properties (JsonSchemas.traverseJsonSchema walks them at the same path)"),
        Fault("update_keeps_breaking_change",
              "web_backend/connections/update with a syncCatalog keeps the stored breakingChange instead of "
              "recomputing it from the diff to the source's latest discovered catalog"),
    ]
}


# Faults of the behaviours a later release added, switched on only when the server emulates that release (the
# faults above work in every release's mode; the code of the later release asks for these, under releases/).
RELEASE_FAULTS: dict[str, dict[str, Fault]] = {
    # Each breaks a rule of Airbyte's Kotlin at tag v2.0.0; paths under airbyte-data/.../services/impls/jooq/
    # ("Jooq": ConnectionServiceJooqImpl.kt) and airbyte-commons-server/.../server/ ("Server").
    "v2.0.0": {
        f.name: f
        for f in [
            Fault("v2_list_ignores_cursor",
                  "v2.0.0 connections/list ignores the cursor: every page starts again at the first connection "
                  "(Jooq buildCursorCondition, :577-639)"),
            Fault("v2_list_ignores_search",
                  "v2.0.0 connections/list ignores filters.searchTerm (Jooq :811-825, containsIgnoreCase)"),
            Fault("v2_paused_counted_by_job",
                  "v2.0.0 connections/status_counts counts an inactive connection by its newest sync job, "
                  "not as paused (Jooq getConnectionStatusCounts :2412-2433)"),
            Fault("v2_status_counts_include_deleted",
                  "v2.0.0 connections/status_counts also counts deleted (deprecated) connections "
                  "(Jooq :2432, c.status != 'deprecated')"),
            Fault("v2_page_size_not_echoed",
                  "v2.0.0 connections/list answers page_size 20 (the default) whatever pageSize was sent "
                  "(Server handlers/WebBackendConnectionsHandler.kt:161-166, echoed at :222)"),
            Fault("v2_num_connections_ignores_filters",
                  "v2.0.0 connections/list num_connections counts the workspace's live connections without the "
                  "sourceId/destinationId filters (Jooq countWorkspaceStandardSyncs :875-910 applies "
                  "buildConnectionFilterConditions, :780-800)"),
            Fault("v2_mappers_dropped",
                  "v2.0.0 connections/create and update store no stream mappers (hashedFields and mappers are lost; "
                  "Server handlers/helpers/CatalogConverter.kt:308-315 stores them, :106-116 reads them)"),
            Fault("v2_version_reported_old",
                  "v2.0.0 instance_configuration reports version 0.42.1 "
                  "(Server handlers/InstanceConfigurationHandler.kt:72, the deployment's version)"),
            Fault("v2_absent_id_answered",
                  "v2.0.0 connections/list, workspace/state, state/get_type and connections/status_counts answer "
                  "200 for a missing, null or blank id instead of Airbyte's 500 (a Kotlin non-null parameter)"),
            Fault("v2_cron_not_checked",
                  "v2.0.0 describe_cron_expression does not refuse an invalid cron expression (no 400 problem; "
                  "CronExpressionHelper.kt:23-35)"),
            Fault("v2_backfill_kept_without_preference",
                  "v2.0.0 connections/create keeps a backfillPreference sent without nonBreakingChangesPreference "
                  "(Airbyte writes the schema_management row only for a non-null nonBreakingChangesPreference, "
                  "Jooq :1940-1942, and reads disabled without it, DbConverter.kt:191-196)"),
            Fault("v2_connection_dataplane_group_answered",
                  "v2.0.0 connection reads answer the workspace's dataplaneGroupId (Airbyte never sets one on a "
                  "connection read: Server converters/ApiPojoConverters.kt:169-203, handlers/"
                  "WebBackendConnectionsHandler.kt:999)"),
            Fault("v2_email_notification_patched_plainly",
                  "v2.0.0 connections/update sets notifySchemaChangesByEmail to the patched value even where Airbyte "
                  "keeps an existing email notification row whose enabled equals notifySchemaChanges "
                  "(Jooq :1993-2004)"),
            Fault("v2_inactive_synced",
                  "v2.0.0 connections/sync runs a sync of an inactive connection as v0.42.1 did (a deleted one: "
                  "409) instead of Airbyte's 500 (Server handlers/SchedulerHandler.kt:640, check(sync.status == "
                  "ACTIVE))"),
            Fault("v2_operation_workspace_500",
                  "v2.0.0 answers 500 (v0.42.1's foreign-key failure as an IOException) for an operation naming "
                  "an unknown workspace instead of the 404 of Server handlers/OperationsHandler.kt:72-76, which "
                  "reads the workspace first"),
            Fault("v2_propagation_ignored",
                  "v2.0.0 syncs leave a propagate_columns/propagate_fully connection's catalog and sourceCatalogId as "
                  "they were after a non-breaking schema change (Server handlers/ConnectionsHandler.kt:2035-2049, "
                  "handlers/helpers/ApplySchemaChangeHelper.kt:119-209,227-245)"),
            Fault("v2_refresh_rewrites_every_connection",
                  "v2.0.0 refreshes (web_backend/connections/get withRefreshedCatalog, sources/discover_schema with "
                  "a connectionId) also diff and rewrite breakingChange/status of the source's other live "
                  "connections, as v0.42.1 did (Server handlers/SchedulerHandler.kt:313-333,396-411 and "
                  "ConnectionsHandler.kt:2299-2319 write the named connection only)"),
            Fault("v2_refresh_propagates",
                  "v2.0.0 refreshes of a propagate_columns/propagate_fully connection store the auto-propagated "
                  "catalog and the new sourceCatalogId, as a sync's postprocessDiscoveredCatalog does (Server "
                  "handlers/SchedulerHandler.kt:406-411 stops at diffCatalogAndConditionallyDisable)"),
            Fault("v2_error_details_kept",
                  "v2.0.0 404 and 500 bodies keep the v0.42.1 details instead of carrying only an errorId "
                  "(Server errors/handlers/IdNotFoundExceptionHandler.kt:33-41)"),
        ]
    },
}


def registry(release: str = "v0.42.1") -> dict[str, Fault]:
    """The faults a server emulating `release` can switch on."""
    return {**REGISTRY, **RELEASE_FAULTS.get(release, {})}


_EVERY = {name for faults in RELEASE_FAULTS.values() for name in faults} | set(REGISTRY)


class UnknownFault(ValueError):
    pass


class Faults:
    """The set of faults switched on for one app."""

    def __init__(self, names=(), release: str = "v0.42.1"):
        known = registry(release)
        unknown = [n for n in names if n not in known]
        if unknown:
            raise UnknownFault(f"unknown fault(s) {', '.join(unknown)} for release {release}; known: "
                               f"{', '.join(known)}")
        self.names = frozenset(names)

    def on(self, name: str) -> bool:
        assert name in _EVERY, name  # a typo here would make a fault silently inert
        return name in self.names

    def __repr__(self) -> str:
        return f"Faults({sorted(self.names)})"


def describe(release: str = "v0.42.1") -> str:
    """One line per fault `release` can switch on: those of every release first, then the release's own."""
    known = registry(release)
    width = max(len(n) for n in known)
    return "\n".join(f"{f.name:<{width}}  {f.breaks}" for f in known.values())
