"""Helpers of the programs tests (shared with the commerce tests, see ``tests/enrolment.py``)."""

from enrolment import START, Enrol, StepClock, enrol

__all__ = ["START", "Enrol", "StepClock", "enrol"]
