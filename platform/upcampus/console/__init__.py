"""The platform console at /console on the national host: cities, their figures and
switches, national roles, the shared taxonomy, and the audit log of it all."""


def register(app) -> None:
    from upcampus.console import models  # noqa: F401 - its tables join the metadata
