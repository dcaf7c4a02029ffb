"""What Java, Jackson and PostgreSQL do to values that shows in Airbyte's answers: Names' alias rule, Jackson's
findValue, jsonb's key order, java.util.HashSet's iteration order."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"[ \t\n\x0b\f\r]+")
_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")


@functools.lru_cache(maxsize=4096)
def alias_name(name: str) -> str:
    """Airbyte's Names.toAlphanumericAndUnderscore: NFKD, drop marks, whitespace runs and other chars to _."""
    decomposed = unicodedata.normalize("NFKD", name)
    unmarked = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _NOT_WORD.sub("_", _SPACES.sub("_", unmarked))


_NOT_THERE = object()


def _look_up(node, key: str):
    if isinstance(node, dict):
        entries = node.items()
    elif isinstance(node, list):
        entries = ((None, item) for item in node)
    else:
        return _NOT_THERE
    for name, value in entries:
        if name == key:
            return value
        found = _look_up(value, key)
        if found is not _NOT_THERE:
            return found
    return _NOT_THERE


def find_value(node, key: str):
    """Jackson's JsonNode.findValue: the first value under `key`, depth first, in document order; a JSON null
    there ends the search as Jackson's NullNode does (None, as for nothing found)."""
    found = _look_up(node, key)
    return None if found is _NOT_THERE else found



def _jsonb_key(text: str) -> tuple:
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw), raw


def jsonb_order(value):
    """The value as PostgreSQL's jsonb gives it back: object keys shorter first (in UTF-8 bytes), then bytewise.

    Connections keep their catalog in a jsonb column (`airbyte-db/db-lib/src/main/resources/configs_database/
    schema_dump.txt:123`, `connection.catalog jsonb`; actor catalogs likewise, `:28`) and every answer re-reads it
    (`ConnectionsHandler.java:208` create, `:312` update, `StandardSyncPersistence.java:243-254`).
    """
    if isinstance(value, dict):
        keys = sorted(value, key=_jsonb_key)
        return {k: jsonb_order(value[k]) for k in keys}
    if isinstance(value, list):
        return [jsonb_order(v) for v in value]
    return value


def _java_string_hash(text: str) -> int:
    h = 0
    for unit in memoryview(text.encode("utf-16-le", "surrogatepass")).cast("H"):
        h = (31 * h + unit) & 0xFFFFFFFF
    return h


def java_hash_set_order(names: list) -> list:
    """The iteration order of a java.util.HashSet filled with these strings in this order (default capacity
    16, load factor 0.75; a bucket keeps insertion order, and resizing keeps it too)."""
    unique = list(dict.fromkeys(names))
    capacity = 16
    while len(unique) > capacity * 0.75:
        capacity *= 2

    def bucket(name: str) -> int:
        h = _java_string_hash(name)
        return (h ^ (h >> 16)) & (capacity - 1)

    return sorted(unique, key=lambda n: (bucket(n), unique.index(n)))
