"""Events and conferences of a city: the agenda, registration with a waitlist, calendars,
the organisers' tools (attendees, check-in, messages), reminders and what an event led
to; speakers (national or local) and national events on every city's agenda."""


def register(app) -> None:
    # api.py: its routes join the /api/v1 blueprint, registered by the api domain last.
    from upcampus.events import (  # noqa: F401 - models: their tables join the metadata
        api,
        calendar_views,
        cli,
        guest_views,
        leaving,
        models,
        national_views,
        organiser_views,
        outcome_views,
        speaker_views,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.register_blueprint(speaker_views.blueprint)
    app.register_blueprint(national_views.blueprint)
    app.cli.add_command(cli.events_cli)
