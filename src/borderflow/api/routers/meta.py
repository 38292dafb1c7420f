"""Service health and the caller's own identity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

import borderflow
from borderflow.api.deps import AnyCaller, NodeSettings
from borderflow.users import Principal

__all__ = ["router"]

router = APIRouter(tags=["meta"])


@router.get("/health", summary="Liveness of the node (no token needed)")
def health(settings: NodeSettings) -> dict[str, Any]:
    return {"status": "ok", "country": settings.country, "version": borderflow.__version__}


@router.get("/me", summary="The caller behind the token")
def me(caller: AnyCaller) -> Principal:
    return caller
