"""Pytest fixture for the connector emulator.

Import it into a conftest: ``from tests.emulator.fixtures import connector_emulator``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .server import ConnectorEmulator


@pytest_asyncio.fixture
async def connector_emulator() -> AsyncIterator[ConnectorEmulator]:
    """A started emulator with Teams' default limits; stopped after the test."""
    async with ConnectorEmulator() as emulator:
        yield emulator


__all__ = ["connector_emulator"]
