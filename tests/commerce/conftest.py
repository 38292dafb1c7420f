"""Fixtures of the commerce tests (helpers live in ``commerce_helpers``)."""

from __future__ import annotations

import pytest
from commerce_helpers import StepClock


@pytest.fixture
def clock() -> StepClock:
    return StepClock()
