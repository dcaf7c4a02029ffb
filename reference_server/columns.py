"""What PostgreSQL refuses when Airbyte writes a row: the checks our SQLite store does not make by itself.

Columns the webBackend operations write (`airbyte-db/db-lib/src/main/resources/configs_database/schema_dump.txt`
at 0f4f4a9331): `connection.name varchar(256) not null` (:122), `connection.prefix varchar(256)` (:119),
`connection.namespace_format varchar(256)` (:118), `operation.name varchar(256) not null` (:176),
`operation.workspace_id uuid not null` with a foreign key to `workspace` (:175, :297-299),
`actor.name varchar(256) not null` (:17, sources and destinations); `connection.catalog`, `schedule_data`,
`resource_requirements` and the operators are `jsonb`. The other string columns they write are enums
(`namespace_definition`, `status`, `schedule_type`, `geography`, `operator_type`) or
`non_breaking_change_preference varchar(7)` (:134), which only ever holds `ignore` or `disable`.

- varchar(n) counts characters, not bytes: PostgreSQL measures the length in characters of the database
  encoding (UTF8, so Unicode code points; Python's len of a str). The JDBC driver sends the Java string's
  UTF-8 bytes, so how Java counts (UTF-16 units) plays no part. A longer value fails the statement
  ("value too long for type character varying(256)"); exactly 256 is stored unchanged.
- A string containing U+0000 cannot be sent at all ("invalid byte sequence for encoding UTF8: 0x00"),
  and jsonb refuses "\\u0000" anywhere in a document ("unsupported Unicode escape sequence").
Each refusal reaches the client as Airbyte's 500 (errors.database_error).
"""

from __future__ import annotations

from reference_server.errors import ApiError, database_error

_NUL = "\x00"


def varchar(ctx, column: str, value, path: str, limit: int = 256):
    """The value as the column stores it, or the database error PostgreSQL gives."""
    if value is None:
        return None
    if _NUL in value:
        raise database_error('ERROR: invalid byte sequence for encoding "UTF8": 0x00',
                             f"{path} must not contain U+0000", path)
    if ctx.faults.on("truncate_at_255") and len(value) >= 255:  # FAULT: truncate_at_255
        return value[:255]
    if len(value) > limit:
        raise database_error(f"ERROR: value too long for type character varying({limit})",
                             f"{path} is longer than {limit} characters ({column} is varchar({limit}))", path)
    return value


def not_null(column: str, value, path: str, friendly: ApiError | str | None = None) -> None:
    if value is None:
        table, _, name = column.partition(".")
        raise database_error(f'ERROR: null value in column "{name}" of relation "{table}" violates not-null '
                             "constraint", friendly or f"{path} is required", path)


def jsonb(value, path: str) -> None:
    """Refuse what a jsonb column refuses: U+0000 in any key or string."""
    if isinstance(value, str):
        bad = _NUL in value
    elif isinstance(value, dict):
        bad = any(_NUL in k for k in value)
        for k, v in value.items():
            jsonb(v, f"{path}.{k}")
    elif isinstance(value, list):
        bad = False
        for i, v in enumerate(value):
            jsonb(v, f"{path}[{i}]")
    else:
        bad = False
    if bad:
        raise database_error("ERROR: unsupported Unicode escape sequence\n  Detail: \\u0000 cannot be converted to "
                             "text.", f"{path} must not contain U+0000", path)
