"""Facilitation: the city desk, the city's track of each project (spotted, qualified,
accompanied, realised or set aside), referents, private notes, partners and their
accompaniments, the audit trail and the impact report."""


def register(app) -> None:
    # api.py: its routes join the /api/v1 blueprint, registered by the api domain last.
    from upcampus.facilitation import (  # noqa: F401 - models: their tables join the metadata
        accompaniment_views,
        api,
        desk_views,
        models,
        partner_views,
        report_views,
        views,
    )
    app.register_blueprint(accompaniment_views.blueprint)
    app.register_blueprint(desk_views.blueprint)
    app.register_blueprint(partner_views.blueprint)
    app.register_blueprint(report_views.blueprint)
    app.register_blueprint(views.blueprint)
