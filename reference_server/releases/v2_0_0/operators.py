"""v2.0.0: an operation's operatorConfiguration. Normalization and dbt operators are gone from the document
(OperatorConfiguration has operatorType and webhook only) but not from the enum, and only a webhook operator is
checked: OperationsConverter.populateOperatorConfigFromApi (airbyte-commons-server/src/main/kotlin/io/airbyte/
commons/server/converters/OperationsConverter.kt:30-53 at v2.0.0) stores the type (StandardSyncOperation still
has NORMALIZATION and DBT) and, for a webhook, the webhook (Preconditions.checkArgument(webhook != null), :37).
A missing operatorConfiguration is dereferenced (OperationsHandler.kt:91), a missing operatorType fails
Objects.requireNonNull (:36): both 500."""

from __future__ import annotations

from reference_server import operations
from reference_server.errors import null_pointer, precondition


def operator(config, where: str) -> dict:
    if config is None:
        raise null_pointer("an operation needs operatorConfiguration", f"{where}.operatorConfiguration")
    kind = config.get("operatorType")
    if kind is None:
        raise null_pointer("operatorConfiguration needs operatorType", f"{where}.operatorConfiguration.operatorType")
    if kind != "webhook":
        return {"operatorType": kind}
    if config.get("webhook") is None:
        raise precondition("operatorType webhook needs operatorConfiguration.webhook",
                           f"{where}.operatorConfiguration", with_message=False)
    return {"operatorType": kind, "webhook": operations.webhook(config["webhook"], f"{where}.operatorConfiguration")}


operations.OPERATORS["v2.0.0"] = operator
