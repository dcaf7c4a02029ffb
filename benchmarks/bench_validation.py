"""Response validation speed: validations per second of a WebBackendConnectionRead with a 20-stream
catalog (about 16 kB), next to what decoding the same JSON with the standard library costs.

    python benchmarks/bench_validation.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import time
import uuid

import contracts


def stream(i: int) -> dict:
    fields = {f"field_{j}": {"type": ["null", "string" if j % 2 else "integer"]} for j in range(6)}
    return {
        "stream": {
            "name": f"stream_{i}",
            "namespace": "public",
            "jsonSchema": {"type": "object", "properties": fields},
            "supportedSyncModes": ["full_refresh", "incremental"],
            "sourceDefinedCursor": False,
            "defaultCursorField": ["updated_at"],
            "sourceDefinedPrimaryKey": [["id"]],
        },
        "config": {
            "syncMode": "incremental",
            "cursorField": ["updated_at"],
            "destinationSyncMode": "append_dedup",
            "primaryKey": [["id"], ["tenant", "id"]],
            "aliasName": f"stream_{i}",
            "selected": True,
            "suggested": True,
            "fieldSelectionEnabled": False,
        },
    }


def connection_read(streams: int = 20) -> dict:
    ids = {k: str(uuid.UUID(int=n + 1)) for n, k in enumerate(["c", "s", "d", "w", "sd", "dd", "o", "cat"])}
    return {
        "connectionId": ids["c"], "name": "Faker <> Dev Null", "namespaceDefinition": "source",
        "prefix": "", "sourceId": ids["s"], "destinationId": ids["d"], "operationIds": [ids["o"]],
        "syncCatalog": {"streams": [stream(i) for i in range(streams)]},
        "scheduleType": "cron", "scheduleData": {"cron": {"cronExpression": "0 0 12 * * ?",
                                                          "cronTimeZone": "Europe/Berlin"}},
        "status": "active",
        "source": {"sourceDefinitionId": ids["sd"], "sourceId": ids["s"], "workspaceId": ids["w"],
                   "connectionConfiguration": {"count": 1000, "seed": 7}, "name": "Faker",
                   "sourceName": "Sample Data (Faker)"},
        "destination": {"destinationDefinitionId": ids["dd"], "destinationId": ids["d"],
                        "workspaceId": ids["w"], "connectionConfiguration": {}, "name": "Dev Null",
                        "destinationName": "Dev Null"},
        "operations": [{"workspaceId": ids["w"], "operationId": ids["o"], "name": "normalize",
                        "operatorConfiguration": {"operatorType": "normalization",
                                                  "normalization": {"option": "basic"}}}],
        "latestSyncJobCreatedAt": 1679500000, "latestSyncJobStatus": "succeeded", "isSyncing": False,
        "resourceRequirements": {"cpu_request": "0.5", "cpu_limit": "1", "memory_request": "1Gi",
                                 "memory_limit": "2Gi"},
        "catalogId": ids["cat"], "geography": "auto", "schemaChange": "no_change",
        "notifySchemaChanges": True, "nonBreakingChangesPreference": "ignore",
    }


def rate(fn, seconds: float) -> float:
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(100):
            fn()
        n += 100
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    body = connection_read()
    text = json.dumps(body)
    validator = contracts.validator("WebBackendConnectionRead")
    validator.check(body)  # the sample is valid: we time the verdict on a real response
    broken = json.loads(text)
    broken["syncCatalog"]["streams"][3]["config"]["syncMode"] = "sometimes"
    results = {
        "json.loads of the response": rate(lambda: json.loads(text), args.seconds),
        "validate (decoded response)": rate(lambda: validator.is_valid(body), args.seconds),
        "decode + validate": rate(lambda: validator.is_valid(json.loads(text)), args.seconds),
        "report every error (invalid response)": rate(lambda: validator.violations(broken), args.seconds),
    }
    print(f"WebBackendConnectionRead, 20 streams, {len(text):,} bytes of JSON")
    for label, per_second in results.items():
        print(f"  {label:40s} {per_second:>10,.0f} /s")


if __name__ == "__main__":
    main()
