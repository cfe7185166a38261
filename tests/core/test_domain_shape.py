"""Every domain registers its own blueprints and commands, explicitly (issue 14): a blueprint
or command group defined anywhere in the package is registered on the app, so one written in
a module with an unexpected name can no longer be silently ignored."""

import importlib
import pkgutil

import click
from flask import Blueprint

import upcampus
from upcampus.app import DOMAINS


def every_module():
    for found in pkgutil.walk_packages(upcampus.__path__, "upcampus."):
        yield importlib.import_module(found.name)


def test_every_domain_package_registers_itself(app):
    packages = {m.name for m in pkgutil.iter_modules(upcampus.__path__) if m.ispkg}
    assert {d.__name__.split(".")[1] for d in DOMAINS} == packages - {"translations"}
    assert all(callable(getattr(d, "register", None)) for d in DOMAINS)


def test_every_blueprint_defined_is_registered(app):
    registered = {id(b) for b in app.blueprints.values()}
    defined = {(module.__name__, name): value for module in every_module()
               for name, value in vars(module).items()
               if isinstance(value, Blueprint) and value.import_name == module.__name__}
    assert defined, "no blueprint found: the walk is broken"
    missing = [key for key, value in defined.items() if id(value) not in registered]
    assert missing == []


def test_every_command_group_defined_is_registered(app):
    registered = {id(c) for c in app.cli.commands.values()}
    nested = set()
    defined = {}
    for module in every_module():
        if not module.__name__.endswith(".cli") or module.__name__ == "upcampus.cli":
            continue
        for name, value in vars(module).items():
            if isinstance(value, click.Command) and getattr(value, "__module__", None) != "click":
                defined[(module.__name__, name)] = value
                if isinstance(value, click.Group):
                    nested |= {id(c) for c in value.commands.values()}
    top_level = {k: v for k, v in defined.items() if id(v) not in nested}
    assert len(top_level) >= 8
    assert [k for k, v in top_level.items() if id(v) not in registered] == []


def test_every_json_route_lives_in_its_domain_api_module(app):
    """/api/v1/ routes are written in <domain>/api.py; the api folder keeps only the door
    (its documentation pages)."""
    modules = {app.view_functions[rule.endpoint].__module__ for rule in app.url_map.iter_rules()
               if rule.rule.startswith("/api/v1/")}
    door_pages = {"upcampus.api.views"}
    assert modules - door_pages == {
        "upcampus.accounts.api", "upcampus.events.api", "upcampus.facilitation.api",
        "upcampus.matching.api", "upcampus.organisations.api", "upcampus.projects.api",
        "upcampus.taxonomy.api", "upcampus.opendata.api"}
