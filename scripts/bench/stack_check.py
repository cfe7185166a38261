"""`scripts/stack check`: the app holds no state of its own (issue 17). Run with the
stack's settings (`. $STACK_DIR/stack.env`), against each gunicorn instance directly:

1. a login made through instance A is valid on instance B (the session cookie alone);
2. an image uploaded through A shows through B, byte for byte;
3. a worker killed (SIGKILL, with its work horse) mid-job leaves its job to the other:
   rq finds the job abandoned once its heartbeat lapses (about 90 s), and since our jobs
   are enqueued with retries, puts it back on the queue; the other worker runs it.

The check account and project are made in UP Sceaux for the check and stay (a stack is
throwaway). The job of step 3 is `time.sleep` through our entry point `run_job`, enqueued
by `core.jobs.enqueue` with its production options: what is proven is the hand-over.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import secrets
import signal
import sys
import time
import uuid
from pathlib import Path

from PIL import Image
from rq import Worker
from rq.job import Job
from sqlalchemy import select

from upcampus import create_app
from upcampus.accounts.consent import record as record_consent
from upcampus.accounts.models import Account, Membership
from upcampus.accounts.passwords import hash_password
from upcampus.core.db import db, utcnow
from upcampus.core.jobs import enqueue, queue
from upcampus.projects.models import Holder, Publication, PublicationImage
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant

STACK = Path(os.environ["STACK_DIR"])
HOST = f"sceaux.{os.environ['STACK_BASE_DOMAIN']}:{os.environ['STACK_PORT']}"
PORTS = {name: int((STACK / f"port-{name}").read_text()) for name in ("a", "b")}


class Instance:
    """One gunicorn instance, hit directly with the city's Host and a cookie jar."""

    def __init__(self, name: str, cookies: dict[str, str]):
        self.name, self.cookies = name, cookies

    def request(self, method: str, path: str, body: bytes = b"",
                content_type: str = "") -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", PORTS[self.name], timeout=30)
        headers = {"Host": HOST, "X-Forwarded-For": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.getheaders()), data


def csrf_of(page: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()


def multipart(fields: dict[str, str], file_field: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             .encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
                 f'filename="check.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
                 + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def prepare(app) -> tuple[str, str, int]:
    """A verified account with a known password, member of UP Sceaux, holding a project."""
    email = f"check-{secrets.token_hex(4)}@stack-check.upcampus.org"
    password = secrets.token_hex(12)
    with app.app_context():
        city = db.session.scalar(select(Tenant).where(Tenant.slug == "sceaux"))
        account = Account(email=email, display_name="Stack Check",
                          password_hash=hash_password(password), email_verified_at=utcnow())
        db.session.add(account)
        db.session.commit()
        record_consent(account.id, city.id, accepted=True)  # else /account asks for it first
        db.session.commit()
        with tenant_scope(city.id):
            member = Membership(account_id=account.id, role="member")
            db.session.add(member)
            db.session.flush()
            project = Publication(kind="project", title="Contrôle de la pile",
                                  slug="controle-de-la-pile", status="published",
                                  author_id=member.id, published_at=utcnow())
            project.holders.append(Holder(membership_id=member.id))
            db.session.add(project)
            db.session.commit()
            return email, password, project.id


def check_login(email: str, password: str) -> dict[str, str]:
    a = Instance("a", {})
    status, _, page = a.request("GET", "/login")
    assert status == 200, f"login page on A: {status}"
    body = (f"csrf_token={csrf_of(page)}&email={email.replace('@', '%40')}"
            f"&password={password}").encode()
    status, headers, _page = a.request("POST", "/login", body,
                                   "application/x-www-form-urlencoded")
    errors = re.findall(rb'error[^>]*>([^<]+)<', _page)
    assert status == 302, f"login on A answered {status}: {errors}"
    b = Instance("b", dict(a.cookies))
    status, _, page = b.request("GET", "/account")
    assert status == 200 and b"Stack Check" in page, f"/account on B: {status}"
    status, _, _ = Instance("b", {}).request("GET", "/account")
    assert status == 302, "without the cookie B must send to the login page"
    print("ok  a login made through A is valid on B (/account 200 with the cookie, "
          "302 without)")
    return a.cookies


def check_image(app, cookies: dict[str, str], project_id: int) -> None:
    a = Instance("a", dict(cookies))
    status, _, page = a.request("GET", f"/projects/{project_id}/edit")
    assert status == 200, f"edit page on A: {status}"
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (29, 79, 145)).save(picture, "PNG")
    body, content_type = multipart({"csrf_token": csrf_of(page), "alt": "Contrôle"},
                                   "image", picture.getvalue())
    status, _, _ = a.request("POST", f"/projects/{project_id}/images", body, content_type)
    assert status == 302, f"upload on A answered {status}"
    with app.app_context():
        city_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "sceaux"))
        with tenant_scope(city_id):
            image = db.session.scalars(select(PublicationImage).where(
                PublicationImage.publication_id == project_id)).one()
            image_id, stored = image.id, image.data
    status, headers, data = Instance("b", dict(cookies)).request(
        "GET", f"/projects/{project_id}/images/{image_id}")
    assert status == 200 and data == stored and data[:4] == b"RIFF", f"image on B: {status}"
    print(f"ok  an image uploaded through A shows through B ({len(data)} bytes of WebP, "
          "kept in PostgreSQL: no upload folder to share)")


def workers_of(jobs_queue) -> dict[str, int]:
    return {w.name: w.pid for w in Worker.all(queue=jobs_queue)}


def kill_with_children(pid: int) -> None:
    """SIGKILL the worker and its work horse, as a lost machine would."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue  # a process that ended meanwhile
    for victim in [pid, *children]:
        os.kill(victim, signal.SIGKILL)


def enqueue_probe(seconds: int) -> str:
    """The id of the job `core.jobs.enqueue` puts on the queue (it returns nothing)."""
    jobs_queue = queue()
    registries = (jobs_queue, jobs_queue.started_job_registry, jobs_queue.finished_job_registry)
    before = {job_id for registry in registries for job_id in registry.get_job_ids()}
    enqueue("time.sleep", seconds)
    # An idle worker takes the job at once; between leaving the queue and entering the
    # started registry it is in neither for an instant: look again for a while.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for registry in registries[:2]:
            new = set(registry.get_job_ids()) - before
            if new:
                return new.pop()
        time.sleep(0.05)
    raise AssertionError("the job was neither queued nor started")


def check_worker_handover(app, seconds: int = 20, patience: int = 240) -> None:
    with app.app_context():
        jobs_queue = queue()
        workers = workers_of(jobs_queue)
        assert len(workers) >= 2, f"two rq workers expected, {len(workers)} registered"
        job_id = enqueue_probe(seconds)
        job = Job.fetch(job_id, connection=jobs_queue.connection)
        deadline, victim = time.monotonic() + 30, None
        while victim is None and time.monotonic() < deadline:
            victim = next((w.name for w in Worker.all(queue=jobs_queue)
                           if w.get_current_job_id() == job_id), None)
            time.sleep(0.2)
        assert victim is not None, "no worker started the job within 30 s"
        kill_with_children(workers[victim])
        print(f"..  worker {victim} (pid {workers[victim]}) killed mid-job; waiting for rq "
              "to see the job abandoned (heartbeat + 60 s) and hand it over")
        started_at = time.monotonic()
        while time.monotonic() - started_at < patience:
            job.refresh()
            if job.get_status() == "finished":
                break
            time.sleep(2)
        assert job.get_status() == "finished", f"job {job.id} is {job.get_status()}"
        assert job.worker_name != victim, "the job finished on the killed worker?"
        print(f"ok  the job of the killed worker finished on {job.worker_name} "
              f"{time.monotonic() - started_at:.0f} s after the kill")


def main() -> int:
    app = create_app()
    email, password, project_id = prepare(app)
    cookies = check_login(email, password)
    check_image(app, cookies, project_id)
    if "--no-worker" not in sys.argv:
        check_worker_handover(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
