"""Shared pytest setup."""

from __future__ import annotations


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: their Playwright session keeps an event loop running
    in the main thread, which would break unit tests that call asyncio.run()."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath).replace("\\", "/"))
