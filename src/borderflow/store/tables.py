"""Imports every context's tables so that ``metadata`` is complete (for migrations and tests)."""

from borderflow.audit import tables as _audit_tables
from borderflow.commerce import tables as _commerce_tables
from borderflow.federation import tables as _federation_tables
from borderflow.identity import tables as _identity_tables
from borderflow.inspection import tables as _inspection_tables
from borderflow.ledger import tables as _ledger_tables
from borderflow.programs import tables as _programs_tables
from borderflow.screening import tables as _screening_tables
from borderflow.store.schema import metadata
from borderflow.targeting import tables as _targeting_tables
from borderflow.users import tables as _users_tables

__all__ = ["metadata"]

_ = (
    _audit_tables,
    _commerce_tables,
    _federation_tables,
    _identity_tables,
    _inspection_tables,
    _ledger_tables,
    _programs_tables,
    _screening_tables,
    _targeting_tables,
    _users_tables,
)
