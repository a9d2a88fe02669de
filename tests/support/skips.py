"""Skip-or-fail: locally a missing tool skips a test; in CI (KRAVBOT_REQUIRE_ALL=1) it fails it."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ALL = os.environ.get("KRAVBOT_REQUIRE_ALL", "") not in ("", "0", "false", "no")


def missing(reason: str) -> NoReturn:
    """Skip with `reason`, or fail when the run must not skip anything."""
    if REQUIRE_ALL:
        pytest.fail(f"required in this run (KRAVBOT_REQUIRE_ALL=1): {reason}", pytrace=False)
    pytest.skip(reason)
