"""How Airbyte turns a request body into its Java model: Micronaut's argument binding and Jackson 2.14 defaults.

Airbyte's controllers take the request model as a plain parameter, without `@Body`
(`airbyte-server/src/main/java/io/airbyte/server/apis/WebBackendApiController.java:57,74,83,92,102,119`
at 0f4f4a9331). Micronaut 3.8.7 binds such a parameter with its `ParameterAnnotationBinder`: the JSON
body, already parsed into a tree, is converted to the model with Jackson, and a failed conversion is
dropped (the converter rejects into a throw-away context), so the argument ends up unsatisfied and the
route answers 400 with Micronaut's own error body: `{"message": "Required argument [<Type> <name>] not
specified", "path": "/<name>", "_links": {"self": {"href": <request uri>, "templated": false}}}`
(micronaut-core v3.8.7: `http/.../bind/binders/ParameterAnnotationBinder.java:84-104`,
`http-server-netty/.../NettyHttpRequest.java:363-364,753-755`, `router/.../AbstractRouteMatch.java:263-288`,
`router/.../exceptions/UnsatisfiedRouteException.java:76`, `http-server/.../exceptions/UnsatisfiedRouteHandler.java`,
`http-server/.../exceptions/response/HateoasErrorResponseProcessor.java`). So Airbyte's own
`InvalidJsonInputExceptionHandler` (JsonMappingException -> 422) never sees these bodies.

`bind(model, value)` returns the body as Jackson would hand it to the handler, or raises Unbindable.
Jackson settings: databind 2.14.2 (`deps.toml:7`) with Micronaut's ObjectMapperFactory
(v3.8.7 `jackson-databind/.../ObjectMapperFactory.java:185-187`): unknown properties ignored, a single
value where a list is expected becomes a one-element list, a one-element array where a single value is
expected is unwrapped. Scalars are coerced as Jackson does by default: numbers and booleans to strings,
numeric strings to numbers, floats to integers (truncated), integers and "true"/"false" strings to
booleans, "" to null for UUIDs and numbers.

At v2.0.0 (Micronaut 4, `@Body`, jackson-databind 2.19.1: `deps.toml:10`, `airbyte-commons/.../jackson/
MoreMappers.kt:37-46`) the reading is the same but for UUIDs spelled in base64url (_base64_uuid); a body that does
not bind is then Airbyte's 422 (app.py). Required fields are still not checked: the generated `@Valid @NotNull`
take effect only through micronaut-validation-processor, which Airbyte's processor bundle lacks
(`deps.toml:261,282`; contracts/releases/v2.0.0/DEVIATIONS.md required-not-enforced).

What comes back: an object model is a dict holding only its known properties that are not null (Java
null and absent are the same thing to a handler); a JsonNode-typed property (jsonSchema, state blobs,
configurations) keeps an explicit JSON null (Jackson gives a NullNode, not Java null) and any value as
sent; list elements keep their nulls.
"""

from __future__ import annotations

import base64
import decimal
import functools
import math
import re

import contracts
import contracts.releases
from contracts.navigation import non_null

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
_UUID36 = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Unbindable(ValueError):
    """Jackson cannot convert the body to the model (Micronaut then reports the argument as missing)."""


def parameter_name(model: str) -> str:
    """The controller's parameter name: the model's name with a lower-case first letter (the generated
    interfaces and WebBackendApiController.java:57,74,83,92,102,119 name them so)."""
    return model[0].lower() + model[1:]


def java_double_text(value: float) -> str:
    """Double.toString: what Jackson's getText gives for a floating-point node bound to a String."""
    if value == 0:
        return "-0.0" if math.copysign(1, value) < 0 else "0.0"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if 1e-3 <= magnitude < 1e7:
        text = repr(magnitude)
        return sign + (text if "." in text else text + ".0")
    exact = decimal.Decimal(repr(magnitude))
    digits = "".join(map(str, exact.as_tuple().digits)).rstrip("0") or "0"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exact.adjusted()}"


def _kind(schema: dict) -> tuple:
    """(kind, detail) of a resolved schema node: object, jsonnode, list, enum, uuid, integer, boolean, string.
    "X or null" binds as X (null itself never reaches here: _convert returns it as it is); the contracts'
    request models hold no other union, and an untyped node binds as a JsonNode."""
    schema = non_null(schema)
    kinds = schema.get("type")
    if isinstance(kinds, list):
        kinds = next((k for k in kinds if k != "null"), None)
    if "enum" in schema:
        return "enum", [v for v in schema["enum"] if v is not None]
    if kinds == "object":
        if "properties" in schema:
            return "object", schema
        if isinstance(schema.get("additionalProperties"), dict):
            return "map", schema["additionalProperties"]
        return "jsonnode", None
    if kinds == "array":
        return "list", schema.get("items", {})
    if kinds == "string":
        return ("uuid", None) if schema.get("format") == "uuid" else ("string", None)
    if kinds == "integer":
        return "integer", INT64 if schema.get("format") == "int64" else INT32
    if kinds == "number":
        return "number", None
    if kinds == "boolean":
        return "boolean", None
    return "jsonnode", None


def _unwrap(value, where: str):
    """UNWRAP_SINGLE_VALUE_ARRAYS: [x] stands for x; [] and longer arrays do not bind; nor do nested arrays."""
    if len(value) != 1:
        raise Unbindable(f"{where}: cannot unwrap an array of {len(value)} values")
    if isinstance(value[0], list):
        raise Unbindable(f"{where}: nested arrays are not unwrapped")
    return value[0]


def _scalar_text(value, where: str) -> str | None:
    """JsonParser.getValueAsString on a tree node: the text of a scalar, None for objects."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return java_double_text(value)
    if isinstance(value, str):
        return value
    return None


# Java's String.trim, which FromStringDeserializer applies: every character up to U+0020 (Python's strip() would
# also take U+00A0 and other Unicode spaces, and leave U+0000-U+0008)
_JAVA_TRIM = "".join(map(chr, range(0x21)))
# jackson-databind of each release (v0.42.1: deps.toml:7; v2.0.0: deps.toml:10, fasterxml_version 2.19.1). From
# 2.17 on UUIDDeserializer._deserialize also reads base64url: 24 characters after mapping - and _ to + and /, and
# 22 characters without padding (jackson-databind 2.17.0 UUIDDeserializer.java:42-56, databind#4394)
_JACKSON = {"v0.42.1": (2, 14), "v2.0.0": (2, 19)}


def _base64_uuid(text: str) -> str | None:
    """The UUID 16 base64 bytes spell, as the release's Jackson reads them; None when it reads none."""
    base64url = _JACKSON.get(contracts.releases.active(), max(_JACKSON.values())) >= (2, 17)
    if base64url:
        text = text.replace("-", "+").replace("_", "/")
    if len(text) == 22 and base64url and "=" not in text:
        text += "=="  # Base64Variants.MODIFIED_FOR_URL: no padding
    elif len(text) != 24:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    if len(raw) != 16:
        return None
    hexed = raw.hex()
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def _uuid(value, where: str, blank_is_null: bool = True):
    if isinstance(value, list):
        value = _unwrap(value, where)
    text = _scalar_text(value, where)
    if text is None:
        raise Unbindable(f"{where}: a UUID must be a string")
    text = text.strip(_JAVA_TRIM)
    if text == "":
        return None if blank_is_null else ""  # FromStringDeserializer: "" reads as null
    if len(text) != 36:  # Jackson also reads 16 bytes in base64
        found = _base64_uuid(text)
        if found is None:
            raise Unbindable(f"{where}: not a UUID")
        return found
    if not _UUID36.match(text):
        raise Unbindable(f"{where}: not a UUID")
    return text.lower()


def _integer(value, bounds, where: str):
    if isinstance(value, list):
        value = _unwrap(value, where)
    if isinstance(value, (bool, dict)):
        raise Unbindable(f"{where}: not an integer")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Unbindable(f"{where}: not an integer")
        value = int(value)  # ACCEPT_FLOAT_AS_INT: truncated toward zero
    elif isinstance(value, str):
        text = value.strip()
        if text == "" or text == "null":
            return None
        if not re.fullmatch(r"[+-]?\d+", text):
            raise Unbindable(f"{where}: not an integer")
        value = int(text)
    if value is None:
        return None
    if not bounds[0] <= value <= bounds[1]:
        raise Unbindable(f"{where}: out of range")
    return value


def _number(value, where: str):
    if isinstance(value, list):
        value = _unwrap(value, where)
    if isinstance(value, (bool, dict)):
        raise Unbindable(f"{where}: not a number")
    if isinstance(value, str):
        try:
            return float(value.strip()) if value.strip() else None
        except ValueError:
            raise Unbindable(f"{where}: not a number") from None
    return float(value)


def _boolean(value, where: str):
    if isinstance(value, list):
        value = _unwrap(value, where)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0  # integers coerce to booleans by default
    if isinstance(value, str):
        text = value.strip()
        if text in ("true", "True", "TRUE"):
            return True
        if text in ("false", "False", "FALSE"):
            return False
        if text in ("", "null"):
            return None
    raise Unbindable(f"{where}: not a boolean")


def _string(value, where: str):
    if isinstance(value, list):
        value = _unwrap(value, where)
    if value is None:
        return None
    text = _scalar_text(value, where)
    if text is None:
        raise Unbindable(f"{where}: an object is not a string")
    return text


def _enum(value, allowed, where: str):
    if isinstance(value, list):
        value = _unwrap(value, where)
    if value is None:
        return None
    text = _scalar_text(value, where)
    if text is None:
        text = ""  # the generated fromValue sees "" for an object
    if text not in allowed:
        raise Unbindable(f"{where}: unexpected value {text!r}")
    return text


def _convert(schema: dict, value, where: str, blank: bool = True):
    if value is None:
        return None
    kind, detail = _kind(schema)
    if kind == "jsonnode":
        return value
    if kind == "list":
        items = value if isinstance(value, list) else [value]  # ACCEPT_SINGLE_VALUE_AS_ARRAY
        return [_convert(detail, item, f"{where}[{i}]", blank) if item is not None else None
                for i, item in enumerate(items)]
    if kind == "map":
        if not isinstance(value, dict):
            raise Unbindable(f"{where}: not an object")
        return {k: _convert(detail, v, f"{where}.{k}", blank) for k, v in value.items()}
    if kind == "object":
        if isinstance(value, list):
            value = _unwrap(value, where)
        if not isinstance(value, dict):
            raise Unbindable(f"{where}: not an object")
        return _object(detail, value, where, blank)
    if kind == "enum":
        return _enum(value, detail, where)
    if kind == "uuid":
        return _uuid(value, where, blank)
    if kind == "integer":
        return _integer(value, detail, where)
    if kind == "number":
        return _number(value, where)
    if kind == "boolean":
        return _boolean(value, where)
    return _string(value, where)


def _object(schema: dict, value: dict, where: str, blank: bool = True) -> dict:
    out = {}
    for key, sub in schema["properties"].items():
        if key not in value:
            continue
        converted = _convert(sub, value[key], f"{where}.{key}", blank)
        if converted is not None or (value[key] is None and _kind(sub)[0] == "jsonnode"):
            out[key] = converted
    return out


@functools.cache
def _schema(model: str) -> dict:
    return contracts.resolved(model)


def clear_cache() -> None:
    """Forget the request schemas read so far (another contract set is now served)."""
    _schema.cache_clear()


def bind(model: str, value, blank_ids_are_null: bool = True) -> dict:
    """The request body as the handler receives it; Unbindable when Jackson cannot convert it.
    blank_ids_are_null=False (a fault) keeps "" for a UUID as "" instead of reading it as null."""
    if not isinstance(value, dict):  # a JSON root that is not an object never binds to a model
        raise Unbindable("the body is not a JSON object")
    schema = _schema(model)
    if _kind(schema)[0] != "object":
        raise Unbindable(f"{model} is not an object model")
    return _object(schema, value, "$", blank_ids_are_null)
