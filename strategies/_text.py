"""Strings: plain names for valid payloads, and the awkward strings that edge cases are made of.

No generated string contains U+0000 or a lone surrogate: Airbyte stores catalogs and names in Postgres,
which refuses U+0000 in text and jsonb, and a lone surrogate is not valid UTF-8 on the wire. Those two
would be refused for reasons unrelated to the API, so they are not "still valid" edge cases.

Varchar columns: the connection's name, prefix and namespace_format and the operation's name are
`varchar(256)` (airbyte-db/db-lib/src/main/resources/configs_database/schema_dump.txt:118,119,122,176 at
0f4f4a9331). PostgreSQL counts characters (code points), so 256 emoji fit and 257 ASCII letters do not: a
longer value fails the insert and Airbyte answers 500 (a known quirk the suite predicts, never a valid
body). Strings for those fields are `varchar_strings`: the awkward ones, and some of exactly 256 code
points (the boundary a server must keep unchanged). Strings stored inside jsonb (catalogs, resource
requirements, dbt settings) have no such limit and may be 1,000-20,000 characters long.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

NAME_ALPHABET = string.ascii_letters + string.digits + "_"

# Plain identifiers: what a typical connector reports as stream, field and namespace names.
names = st.text(NAME_ALPHABET, min_size=1, max_size=12)

# Short human text (connection and operation names, prefixes): printable, occasionally with spaces.
labels = st.text(string.ascii_letters + string.digits + " _-.", min_size=1, max_size=24)

# Edge strings, each one a class of trouble for servers and databases.
_SPECIAL = (
    "",  # empty
    " ",  # blank
    ".",
    "a.b",  # dots: a path separator in some encodings of field paths
    "a/b",  # slashes: Airbyte joins namespace and name with "/" (CatalogConverter)
    "/",
    '"',
    "'",
    "\\",
    "a\"b'c\\d",
    "e\u0301",  # combining acute accent
    "\U0001f600",  # astral plane (emoji), two UTF-16 code units in Java
    "\U00010348",  # astral plane letter (Gothic hwair)
    "\u05e9\u05dc\u05d5\u05dd",  # right-to-left script (Hebrew)
    "\u202eabc",  # right-to-left override
    "a\u200bb",  # zero-width space
    "\u200d",  # zero-width joiner alone
    "\ufeffbom",  # byte order mark
    "tab\there",
    "new\nline",
    "null",
    "NULL",
    "true",
    "0",
    "${x}",
    "<script>",
    "%s%n",
)

_UNICODE = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")

special = st.sampled_from(_SPECIAL)
unicode_text = st.text(_UNICODE, min_size=0, max_size=16)


def _repeat(chunk: str, times: int) -> str:
    return (chunk or "x") * times


# Very long strings built from a short drawn chunk, so they cost few choices and shrink to short ones.
long_text = st.builds(_repeat, st.sampled_from(("x", "\u00e9", "\U0001f600", "ab/c.d")), st.integers(1000, 20000))

# Path segments and names inside catalogs: everything awkward except the very long (a deep path of
# 20 kB segments would test the network, not the server).
edge_segments = st.one_of(special, unicode_text, names)
edge_strings = st.one_of(special, unicode_text, names, long_text)

VARCHAR_LIMIT = 256


def exactly(chunk: str, length: int) -> str:
    """`chunk` repeated and cut to exactly `length` code points."""
    chunk = chunk or "x"
    return (chunk * (length // len(chunk) + 1))[:length]


_BOUNDARY_CHUNKS = ("x", "\u00e9", "\U0001f600", "ab/c.d", "e\u0301")

# exactly VARCHAR_LIMIT code points: what a varchar(256) column must keep unchanged
at_varchar_limit = st.sampled_from(_BOUNDARY_CHUNKS).map(lambda chunk: exactly(chunk, VARCHAR_LIMIT))
# one code point over: Airbyte cannot store it (a 500)
over_varchar_limit = st.sampled_from(_BOUNDARY_CHUNKS).map(lambda chunk: exactly(chunk, VARCHAR_LIMIT + 1))

# strings for varchar(256) columns in edge cases: awkward, and at the limit, never over it
varchar_strings = st.one_of(special, unicode_text, names, at_varchar_limit)
