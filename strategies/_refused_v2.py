"""The refused family at v2.0.0: where Airbyte's Kotlin at tag v2.0.0 refuses each kind, and with which status
(the labels of _refused, _refused_schedules and _refused_catalogs are v0.42.1's, at commit 0f4f4a9331).

Statuses: a JsonValidationException is a BadObjectSchemaKnownException, 422 (airbyte-server/.../apis/
ApiHelper.kt:39-42, errors/BadObjectSchemaKnownException.kt:15); a cron problem is 400 (airbyte-api/problems-api/
src/main/openapi/api-problems.yaml:444-556, each CronValidation...ProblemResponse); Preconditions, a null Kotlin
receiver or parameter and UnsupportedOperationException are 500 (UncaughtExceptionHandler.kt:45-47).
"""

from __future__ import annotations

from contracts import releases

_SERVER = "airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/"
CH = _SERVER + "handlers/ConnectionsHandler.kt"
CSH = _SERVER + "handlers/helpers/ConnectionScheduleHelper.kt"
CC = _SERVER + "handlers/helpers/CatalogConverter.kt"
OC = _SERVER + "converters/OperationsConverter.kt"

# kind -> (where, status); the kinds whose place depends on create or update, or on the schedule type sent, are
# keyed (kind, "update"), (kind, "create"), (kind, scheduleType)
_LABELS: dict[object, tuple[str, int]] = {
    "schedule_and_schedule_type": (f"{CH}:619-620", 422),
    "schedule_in_update": (f"{CH}:1160-1163 (validateConnectionPatch)", 500),
    "schedule_data_without_type": (f"{CH}:1165-1169", 500),
    "manual_with_schedule_data": (f"{CH}:1172-1176", 500),
    ("missing_schedule_data", "update"): (f"{CH}:1178-1188", 500),
    ("missing_schedule_data", "create"): (f"{CSH}:68-69", 422),
    ("schedule_data_branch_mismatch", "basic"): (f"{CSH}:80-81", 422),
    ("schedule_data_branch_mismatch", "cron"): (f"{CSH}:105-106 (CronValidationMissingCronProblem)", 400),
    "invalid_cron": (f"{CSH}:130,190-197 and :166-175 (CronValidationInvalidExpressionProblem)", 400),
    "etc_time_zone": (f"{CSH}:158-164 (CronValidationInvalidTimezoneProblem)", 400),
    "unknown_time_zone": (f"{CSH}:167,175-180 (CronValidationInvalidTimezoneProblem)", 400),
    "nested_field_selection": (f"{CC}:196-198 (UnsupportedOperationException)", 500),
    "empty_field_path": (f"{CC}:193-194", 422),
    "field_selection_without_fields": (f"{CC}:185-186", 422),
    "cursor_deselected": (f"{CC}:210-217", 422),
    "primary_key_deselected": (f"{CC}:218-225", 422),
    "selected_missing": (f"{CC}:291 (config.selected unboxed without a null check)", 500),
    "supported_sync_modes_missing": (f"{CC}:237-238 (supportedSyncModes converted without a null check)", 500),
    "operator_branch_missing": (f"{OC}:36-37 (Preconditions.checkArgument(webhook != null))", 500),
    "webhook_without_dbt_cloud": (f"{OC}:95-98,142-143 (a null dbtCloud into getExecutionUrlFrom)", 500),
}

# kinds v2.0.0 no longer refuses: a selected field the stream's schema lacks is only logged
# (CatalogConverter.kt:227-231; v0.42.1 threw a JsonValidationException)
NOT_REFUSED = frozenset({"selected_field_not_in_schema"})


def applies() -> bool:
    return releases.active() == "v2.0.0"


def label(kind: str, update: bool, payload: dict) -> tuple[str, int]:
    """(where, status) of `kind` at v2.0.0 for `payload`, a create (or with `update`, an update) body."""
    for key in (kind, (kind, "update" if update else "create"), (kind, payload.get("scheduleType"))):
        if key in _LABELS:
            return _LABELS[key]
    raise KeyError(f"no v2.0.0 label for the refused kind {kind!r}")
