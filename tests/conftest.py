"""Shared pytest setup and fixtures."""

from __future__ import annotations

import pytest

from interviewpal.storage import Repositories


@pytest.fixture
def repos(tmp_path):
    """A fresh store in this test's own folder, closed after the test."""
    r = Repositories.open(tmp_path)
    yield r
    r.db.close()


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: their Playwright session keeps an event loop running
    in the main thread, which would break unit tests that call asyncio.run()."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath).replace("\\", "/"))
