"""Remove msrest's per-request overhead for any call that still goes through botbuilder's client.

`ClientRetryPolicy.safe_codes` is a 500-item list that `retry_codes` scans with `not in` for
every status from 0 to 998 on each request; a frozenset makes the same scan cheap.
"""

from __future__ import annotations

from msrest.universal_http.requests import ClientRetryPolicy


def apply() -> None:
    """Freeze `safe_codes` into a frozenset (idempotent)."""
    if not isinstance(ClientRetryPolicy.safe_codes, frozenset):
        ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)  # type: ignore[assignment]
