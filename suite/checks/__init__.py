"""The suite's behaviour checks, by family (suite/checks/registry.py says how one is written).

Each family is a module of small named checks; every check is in REGISTRY under its name, and importable from
here: tests read "draw, send, check" (`checks.accepted_answer(exchange)`).
"""

from suite.checks.answers import (
    absent_id_answer,
    geographies_answer,
    state_type_answer,
    stored_state_answer,
    unlooked_up_answer,
    update_counts,
)
from suite.checks.conformance import (
    accepted_answer,
    airbyte_not_found_message,
    clean_refusal,
    documented_status,
    json_answer,
    malformed_json_answer,
    no_server_error,
    not_found_answer,
    schema_conformance,
)
from suite.checks.generic import (
    schemathesis_conformance,
)
from suite.checks.jobs import (
    inactive_sync_refusal,
    job_end,
    job_outcome,
    job_time_in_seconds,
    newest_sync_job,
    sync_refusal,
    syncing_flag,
)
from suite.checks.lifecycle import (
    model_agreement,
)
from suite.checks.lists import (
    exact_listing,
    listed_once,
    listed_page,
    paged_listing,
    status_counts,
    statusless_create,
    workspace_flags,
)
from suite.checks.patch import (
    null_patch,
    patched_catalog,
    patched_fields,
    patched_operations,
    reread_agreement,
)
from suite.checks.refresh import (
    merged_catalog,
    propagated_catalog,
    refresh_diff,
    refreshed_status,
    schema_change,
    update_breaking_change,
)
from suite.checks.refusal import (
    explained_server_error,
    invalid_body_refusal,
    rule_refusal,
    varchar_limit,
)
from suite.checks.registry import FAMILIES, REGISTRY, Check, CheckFailure, Failure, check
from suite.checks.roundtrip import (
    created_operations,
    key_paths,
    refreshed_identity,
    stored_connection,
    stored_mappers,
)
from suite.checks.setup import (
    deletion,
    discovery,
    reported_release,
    unique_slug,
    workspace_defaults,
)

__all__ = [
    "FAMILIES", "REGISTRY", "Check", "CheckFailure", "Failure", "check", "json_answer", "documented_status",
    "schema_conformance", "accepted_answer", "clean_refusal", "no_server_error", "not_found_answer",
    "airbyte_not_found_message", "malformed_json_answer", "invalid_body_refusal", "rule_refusal",
    "explained_server_error", "varchar_limit", "geographies_answer", "update_counts", "unlooked_up_answer",
    "absent_id_answer", "state_type_answer", "stored_state_answer", "schemathesis_conformance", "stored_connection",
    "created_operations", "key_paths", "refreshed_identity", "patched_fields", "patched_catalog",
    "patched_operations", "reread_agreement", "null_patch", "listed_once", "listed_page", "status_counts",
    "exact_listing", "paged_listing", "workspace_flags", "stored_mappers", "reported_release",
    "statusless_create", "newest_sync_job", "job_time_in_seconds", "syncing_flag", "job_outcome", "job_end",
    "inactive_sync_refusal", "sync_refusal", "refresh_diff", "refreshed_status", "schema_change", "merged_catalog",
    "update_breaking_change", "propagated_catalog", "discovery", "unique_slug",
    "workspace_defaults", "deletion", "model_agreement",
]
