"""The HTTP service: app factory, one router per context, token authentication."""

from borderflow.api.app import create_app

__all__ = ["create_app"]
