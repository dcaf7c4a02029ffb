"""v2.0.0: ids the Kotlin code hands to a non-null parameter. An id read as absent (missing, null, "" or blank:
the server models are jaxrs-spec Java POJOs, airbyte-api/server-api/build.gradle.kts:75, so Jackson leaves it
null) reaches a public Kotlin function whose UUID parameter is not nullable; its entry check throws a
NullPointerException no handler maps, a 500 (UncaughtExceptionHandler.kt). v0.42.1 answered these with a 200
(the Java queries ran with a null id). Paths at tag v2.0.0."""

from __future__ import annotations

from reference_server import state
from reference_server import workspaces as v0_workspaces
from reference_server.context import Context
from reference_server.errors import null_pointer

_DATA = "airbyte-data/src/main/kotlin/io/airbyte/data/services/"
# request field -> where Airbyte passes it to a non-null parameter
LIST_WORKSPACE = _DATA + "shared/StandardSyncQuery.kt:20 (built at WebBackendConnectionsHandler.kt:168-174)"
STATE_WORKSPACE = _DATA + "impls/jooq/WorkspaceServiceJooqImpl.kt:473 (WebBackendConnectionsHandler.kt:127)"
COUNTS_WORKSPACE = _DATA + "impls/jooq/ConnectionServiceJooqImpl.kt:2412 (WebBackendConnectionsHandler.kt:139)"
STATE_CONNECTION = ("airbyte-config/config-persistence/src/main/kotlin/io/airbyte/config/persistence/"
                    "StatePersistence.kt:59 (StateHandler.kt:34, WebBackendConnectionsHandler.kt:150)")


def require(ctx: Context, body: dict, field: str, where: str) -> None:
    """500 when `field` reads as absent (the binding already turned "" and blank ids into None)."""
    if body.get(field) is None and not ctx.faults.on("v2_absent_id_answered"):  # FAULT: v2_absent_id_answered
        raise null_pointer(f"{field} is required", f"$.{field}",
                           f"Parameter specified as non-null is null: {field} ({where})")


def workspace_state(ctx: Context, body: dict) -> dict:
    require(ctx, body, "workspaceId", STATE_WORKSPACE)
    return v0_workspaces.state(ctx, body)


def state_type(ctx: Context, body: dict) -> str:
    require(ctx, body, "connectionId", STATE_CONNECTION)
    return state.get_type(ctx, body)
