"""/console/operations on the national host, platform admins only: queue lengths, the
oldest waiting job, failed jobs and failed emails, each with a retry (POST, CSRF), and
where the retention of inactive accounts stands."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from upcampus.accounts import retention
from upcampus.accounts.policy import can_nationally
from upcampus.console.web import console_gate
from upcampus.core import job_status
from upcampus.core.db import utcnow
from upcampus.core.forms import EmptyForm
from upcampus.core.web import valid_id
from upcampus.notifications.operations import failed_emails, retry_email

blueprint = Blueprint("console_operations", __name__, url_prefix="/console/operations",
                      template_folder="templates")


@blueprint.app_context_processor
def operations_link():
    return {"can_operate": lambda: can_nationally(current_user, "console.operations")}


@blueprint.before_request
def operations_gate():
    refused = console_gate()
    if refused is not None:
        return refused
    if not can_nationally(current_user, "console.operations"):
        abort(403)
    return None


@blueprint.get("")
def overview():
    inline = job_status.jobs_run_inline()
    return render_template(
        "console/operations.html", inline=inline, form=EmptyForm(),
        queues=[] if inline else job_status.queue_overview(),
        jobs=[] if inline else job_status.failed_jobs(), emails=failed_emails(),
        retention=retention.figures(utcnow()))


@blueprint.post("/jobs/retry")
def retry_jobs():
    if not EmptyForm().validate_on_submit():
        abort(400)
    if job_status.jobs_run_inline():
        abort(404)
    job_id = (request.form.get("job_id") or "").strip()[:100] or None
    count = job_status.retry_failed(job_id)
    flash(_("%(count)d jobs put back on their queue.", count=count), "success")
    return redirect(url_for(".overview"))


@blueprint.post("/emails/retry")
def retry_emails():
    if not EmptyForm().validate_on_submit():
        abort(400)
    raw = (request.form.get("email_id") or "").strip()
    email_id = valid_id(raw)
    if raw and email_id is None:  # "²" is a digit to isdigit, 10**30 overflows the driver
        abort(400)
    count = retry_email(email_id)
    flash(_("%(count)d emails enqueued again.", count=count), "success")
    return redirect(url_for(".overview"))
