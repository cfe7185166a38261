"""Real rq workers for the tests of delivery: `upcampus jobs worker` in a process group
of its own (so SIGKILL reaches its work horse too), an SMTP sink that can stop, start
again on its port and hold one message, and polling with a deadline (no fixed sleeps)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from redis import Redis

from tests.conftest import BASE_DOMAIN, SmtpSink


def wait_for(condition, timeout: float = 60, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
        time.sleep(0.05)


def worker_env(app, database_url: str, redis_url: str, **extra) -> dict:
    env = {**os.environ, "UPCAMPUS_ENV": "test", "UPCAMPUS_DATABASE_URL": database_url,
           "UPCAMPUS_REDIS_URL": redis_url, "UPCAMPUS_SMTP_URL": app.config["SMTP_URL"],
           "UPCAMPUS_JOBS_QUEUE": app.config["JOBS_QUEUE"],
           "UPCAMPUS_BASE_DOMAIN": BASE_DOMAIN, "UPCAMPUS_SECRET_KEY": app.config["SECRET_KEY"]}
    env.update({f"UPCAMPUS_{k}": str(v) for k, v in extra.items()})
    return env


def start_worker(env: dict, log: Path, fork: bool = False) -> subprocess.Popen:
    """Without a work horse per job by default: seven times faster on a loaded machine,
    and a SIGKILL leaves the same thing behind (a row 'sending' under its lease). Its
    output goes to `log` (a pipe nobody reads would fill and stop it)."""
    command = Path(sys.executable).with_name("upcampus")
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 - our own command, the venv's
            [str(command), "jobs", "worker", "--fork" if fork else "--no-fork"], env=env,
            start_new_session=True, stdout=output, stderr=output)


def kill_worker(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """The worker and its work horse, at once, as an out-of-memory kill would."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def forget_queues(redis_url: str, name: str) -> None:
    connection = Redis.from_url(redis_url)
    keys = list(connection.scan_iter(f"rq:*{name}*"))
    if keys:
        connection.delete(*keys)


class RestartableSink(SmtpSink):
    """The suite's aiosmtpd sink, which can be stopped and started on the same port, and
    made to hold the message whose subject is `hold` until released (the client gets no
    answer meanwhile; if it dies, the message was never accepted)."""

    def __init__(self):
        super().__init__()
        self.hold: str | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self._wrap()

    def _wrap(self):
        sink, inner = self, self.controller.handler

        class Holding:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                if sink.hold and sink.hold.encode() in envelope.content:
                    sink.holding.set()
                    while not sink.release.is_set():
                        await asyncio.sleep(0.02)
                    if server.transport is None or server.transport.is_closing():
                        return "451 client gone"
                return await inner.handle_DATA(server, session, envelope)

        self.controller.handler = Holding()

    def stop(self):
        self.controller.stop()
        self.stopped = True

    def __exit__(self, *exc):
        if not getattr(self, "stopped", False):
            self.controller.stop()

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.controller.handler, hostname="127.0.0.1",
                                     port=self.port)
        self.controller.start()
        self.stopped = False

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]
