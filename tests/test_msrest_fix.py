"""The msrest fix keeps msrest's retry decisions and removes their per-call cost."""

from __future__ import annotations

from msrest.universal_http.requests import ClientRetryPolicy

from bot import msrest_fix


def test_safe_codes_become_a_frozenset_with_the_same_codes() -> None:
    original = set(ClientRetryPolicy.safe_codes)
    msrest_fix.apply()
    msrest_fix.apply()  # idempotent
    assert isinstance(ClientRetryPolicy.safe_codes, frozenset)
    assert set(ClientRetryPolicy.safe_codes) == original
    # The retry statuses msrest derives from it are unchanged: 408, and 500-998 but 501/505.
    retry = set(ClientRetryPolicy().policy.status_forcelist)
    assert 408 in retry
    assert 429 not in retry  # msrest never retries 429: Kravbot's own connector does
    assert {501, 505}.isdisjoint(retry)
