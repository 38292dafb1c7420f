"""Countries and ports of entry (reference data; any authenticated role)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from borderflow.api.deps import AnyCaller
from borderflow.reference import Country, Port, default_catalog

__all__ = ["router"]

router = APIRouter(tags=["reference"])


@router.get("/ports", summary="Ports of entry, optionally of one border or country")
def list_ports(
    _caller: AnyCaller,
    border: str | None = Query(default=None, description="US-CA, US-MX or MX-GT"),
    country: str | None = Query(default=None, description="ISO 3166-1 code"),
) -> list[Port]:
    return default_catalog().ports(border=border, country=country)


@router.get("/ports/{code}", summary="One port of entry, by code or name")
def show_port(code: str, _caller: AnyCaller) -> Port:
    return default_catalog().port(code)


@router.get("/countries", summary="ISO 3166-1 countries")
def list_countries(_caller: AnyCaller) -> list[Country]:
    return default_catalog().countries()
