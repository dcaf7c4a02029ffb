"""The contracts: one draft-07 JSON Schema per model of the webBackend API and its setup endpoints.

Public surface:
    names()            every model name
    schema(name)       the schema as stored (refs between files)
    resolved(name)     the same schema with every ref inlined (for generators and other tools)
    validator(name)    a cached Validator: is_valid(), violations(), check()
    operations()       the operation table: path, request model, response models per status
    operation(path)    one operation of the table (a KeyError naming the release when it has none such)
    references(name)   the models a model's schema refers to
    uri(name)          the $id of a model's schema
    is_uuid(text)      whether Jackson (as Airbyte uses it) reads `text` as a UUID
    navigation         $ref targets, "X or null", JSON paths as parts (contracts.navigation)
"""

from contracts._store import names, operation, operations, references, resolved, schema, uri
from contracts._validation import ContractViolation, Validator, Violation, is_uuid, validator

__all__ = [
    "ContractViolation",
    "Validator",
    "Violation",
    "is_uuid",
    "names",
    "operation",
    "operations",
    "references",
    "resolved",
    "schema",
    "uri",
    "validator",
]
