"""The suite's behaviour checks, by family (suite/checks/registry.py says how one is written).

Every registered check is in REGISTRY under its name; the conformance and refusal checks are importable
from here, since nearly every test uses them.
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
from suite.checks.generic import schemathesis_conformance
from suite.checks.refusal import explained_server_error, invalid_body_refusal, rule_refusal, varchar_limit
from suite.checks.registry import FAMILIES, REGISTRY, Check, CheckFailure, Failure, check

__all__ = ["FAMILIES", "REGISTRY", "Check", "CheckFailure", "Failure", "check", "accepted_answer",
           "airbyte_not_found_message", "clean_refusal", "documented_status", "json_answer", "malformed_json_answer",
           "no_server_error", "not_found_answer", "schema_conformance", "explained_server_error",
           "invalid_body_refusal", "rule_refusal", "varchar_limit", "absent_id_answer", "geographies_answer",
           "state_type_answer", "stored_state_answer", "unlooked_up_answer", "update_counts",
           "schemathesis_conformance"]
