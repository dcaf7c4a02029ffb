"""SQLite persistence: one JSON document per record, a few indexed columns for the queries we run.

One connection guarded by one lock; every request runs inside `transaction()`, so requests are
serialized, parallel clients lose no update and never see half-written state. Files use WAL.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading

_SCHEMA = """
CREATE TABLE IF NOT EXISTS workspaces (id TEXT PRIMARY KEY, tombstone INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
    tombstone INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS destinations (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
    tombstone INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operations (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
    tombstone INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connections (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, source_id TEXT NOT NULL,
    destination_id TEXT NOT NULL, status TEXT, created INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS connections_by_workspace ON connections (workspace_id);
CREATE TABLE IF NOT EXISTS actor_catalogs (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS catalog_fetches (source_id TEXT PRIMARY KEY, catalog_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS catalog_fetch_events (source_id TEXT NOT NULL, config_hash TEXT NOT NULL,
    catalog_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS states (connection_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, config_type TEXT NOT NULL,
    created_ms INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_by_scope ON jobs (scope);
"""

# The indexed columns each table carries beside its document.
_COLUMNS = {
    "workspaces": ("tombstone",),
    "sources": ("workspace_id", "tombstone"),
    "destinations": ("workspace_id", "tombstone"),
    "operations": ("workspace_id", "tombstone"),
    "connections": ("workspace_id", "source_id", "destination_id", "status", "created"),
    "actor_catalogs": (),
}


def _dumps(doc) -> str:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


class Store:
    def __init__(self, path: str = ":memory:"):
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._allow_null_status()
        self._counter = self._db.execute("SELECT COALESCE(MAX(created), 0) FROM connections").fetchone()[0]

    def _allow_null_status(self) -> None:
        """Files written before connections could lack a status have a NOT NULL status column: lift it."""
        columns = {row[1]: row[3] for row in self._db.execute("PRAGMA table_info(connections)")}
        if columns.get("status"):
            self._db.executescript(
                "BEGIN; ALTER TABLE connections RENAME TO connections_old;"
                "DROP INDEX IF EXISTS connections_by_workspace;" + _SCHEMA
                + "INSERT INTO connections SELECT * FROM connections_old; DROP TABLE connections_old; COMMIT;")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def transaction(self):
        """Run the block as one serialized transaction: all of it is stored, or none."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException as e:
                # An error Airbyte raises after its own writes were committed (each of them is a transaction
                # of its own) leaves them behind: errors.kept_writes marks those.
                self._db.execute("COMMIT" if getattr(e, "keep_writes", False) else "ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    # documents

    def get(self, table: str, ident: str) -> dict | None:
        row = self._db.execute(f"SELECT doc FROM {table} WHERE id = ?", (str(ident),)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, table: str, ident: str, doc: dict, **columns) -> None:
        names = _COLUMNS[table]
        if table == "connections" and "created" not in columns:
            existing = self._db.execute("SELECT created FROM connections WHERE id = ?", (ident,)).fetchone()
            if existing:
                columns["created"] = existing[0]
            else:
                self._counter += 1
                columns["created"] = self._counter
        values = [columns[n] for n in names]
        placeholders = ", ".join("?" for _ in range(len(names) + 2))
        self._db.execute(
            f"INSERT OR REPLACE INTO {table} (id, {', '.join(names + ('doc',))}) VALUES ({placeholders})"
            if names
            else f"INSERT OR REPLACE INTO {table} (id, doc) VALUES (?, ?)",
            (str(ident), *values, _dumps(doc)),
        )

    def select(self, table: str, where: str = "1", params=(), order: str = "rowid") -> list[dict]:
        rows = self._db.execute(f"SELECT doc FROM {table} WHERE {where} ORDER BY {order}", tuple(params))
        return [json.loads(r[0]) for r in rows]

    def count(self, table: str, where: str, params=()) -> int:
        return self._db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", tuple(params)).fetchone()[0]

    def execute(self, sql: str, params=()):
        return self._db.execute(sql, tuple(params))

    # small key-value tables

    def get_state(self, connection_id: str) -> dict | None:
        row = self._db.execute("SELECT doc FROM states WHERE connection_id = ?", (connection_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_state(self, connection_id: str, doc: dict | None) -> None:
        if doc is None:
            self._db.execute("DELETE FROM states WHERE connection_id = ?", (connection_id,))
        else:
            self._db.execute(
                "INSERT OR REPLACE INTO states (connection_id, doc) VALUES (?, ?)", (connection_id, _dumps(doc))
            )

    def latest_catalog_id(self, source_id: str) -> str | None:
        row = self._db.execute("SELECT catalog_id FROM catalog_fetches WHERE source_id = ?", (source_id,)).fetchone()
        return row[0] if row else None

    def record_fetch(self, source_id: str, catalog_id: str, config_hash: str = "") -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO catalog_fetches (source_id, catalog_id) VALUES (?, ?)", (source_id, catalog_id)
        )
        self._db.execute("INSERT INTO catalog_fetch_events (source_id, config_hash, catalog_id) VALUES (?, ?, ?)",
                         (source_id, config_hash, catalog_id))

    def cached_catalog_id(self, source_id: str, config_hash: str) -> str | None:
        """The newest catalog fetched for the source with this configuration (ConfigRepository.getActorCatalog)."""
        row = self._db.execute("SELECT catalog_id FROM catalog_fetch_events WHERE source_id = ? AND config_hash = ? "
                               "ORDER BY rowid DESC LIMIT 1", (source_id, config_hash)).fetchone()
        return row[0] if row else None
