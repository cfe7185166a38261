"""Demo content for development: each domain may offer `demo.py` with
`load_demo(tenant) -> str`; it runs once per city, recorded in demo_runs."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable

from sqlalchemy import select

import upcampus
from upcampus.core.db import db
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import DemoRun, Tenant


def demo_loaders() -> list[tuple[str, Callable[[Tenant], str]]]:
    """(domain, load_demo) of every domain that has demo content, in name order; a
    domain whose content points at others' (events name projects) sets DEMO_LATE."""
    loaders = []
    for module in sorted(pkgutil.iter_modules(upcampus.__path__), key=lambda m: m.name):
        name = f"upcampus.{module.name}.demo"
        if module.ispkg and importlib.util.find_spec(name) is not None:
            demo = importlib.import_module(name)
            loaders.append((getattr(demo, "DEMO_LATE", False), module.name, demo.load_demo))
    return [(domain, load) for _, domain, load in sorted(loaders, key=lambda e: e[:2])]


def load_demo_content(progress: Callable[[str], None] = lambda _: None) -> list[str]:
    """Load demo content into every city that has none yet; return what was done."""
    done = []
    loaded = set(db.session.scalars(select(DemoRun.tenant_id)))
    tenants = [t for t in db.session.scalars(select(Tenant).order_by(Tenant.slug))
               if t.id not in loaded]
    for i, tenant in enumerate(tenants, 1):
        progress(f"[{i}/{len(tenants)}] {tenant.slug}")
        parts = []
        with tenant_scope(tenant):
            for domain, load in demo_loaders():
                parts.append(f"{domain}: {load(tenant)}")
        db.session.add(DemoRun(tenant_id=tenant.id, summary="; ".join(parts)))
        db.session.commit()
        done.append(f"{tenant.slug}: " + ("; ".join(parts) or "no demo content yet"))
    return done
