"""Demo content for `scripts/dev`: each domain's demo, loaded in order."""


def register(app) -> None:
    from upcampus.demo import cli
    app.cli.add_command(cli.demo_cli)
