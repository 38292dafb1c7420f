"""Fixtures of the programs tests (helpers live in ``programs_helpers``)."""

from __future__ import annotations

import pytest
from programs_helpers import Enrol, StepClock, enrol


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture(name="enrol")
def enrol_fixture() -> Enrol:
    return enrol
