"""UP Campus: one platform for many city networks."""

from upcampus.app import create_app

__all__ = ["create_app"]
