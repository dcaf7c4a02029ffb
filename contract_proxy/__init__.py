"""A contract-checking proxy: forwards a client's traffic to an Airbyte unchanged and reports what the
client sends that Airbyte would silently ignore, coerce, refuse or lose (strict request mode), and every
answer that breaks its response contract.

Public surface:
    Checker            judges one exchange: check(method, path, body_bytes, status, response_bytes) -> findings
    server.running(upstream, session)   the proxy in a background thread (tests, fixtures)
    replay.replay(records, origin)      a recorded session against another server, differences named
    Finding            severity, operation, JSON path, what Airbyte does, the rule's citation
"""

from contract_proxy.checker import Checker
from contract_proxy.findings import SEVERITIES, Finding

__all__ = ["SEVERITIES", "Checker", "Finding"]
