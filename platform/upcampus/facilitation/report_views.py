"""The impact report page (charts and tables, printable) and its CSV."""

from flask import Blueprint, Response, g, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from upcampus.facilitation import report
from upcampus.facilitation.forms import STEP_LABELS, SUPPORT_LABELS
from upcampus.facilitation.views import require
from upcampus.tenancy.web import city_only

blueprint = Blueprint("report", __name__, template_folder="templates")


def _figures():
    period, problems = report.period_from(request.args)
    data = report.figures(period, str(get_locale()), list(g.city.neighbourhoods))
    return period, problems, data


@blueprint.get("/facilitation/report")
@city_only
@login_required
def show():
    require()
    period, problems, data = _figures()
    charts = {
        "steps": report.bars([(str(STEP_LABELS[s]), n) for s, n in data["by_step"]]),
        "partners": report.bars(data["partners"]),
        "kinds": report.bars([(str(SUPPORT_LABELS[k]), n) for k, n in data["kinds"]]),
    }
    return render_template("facilitation/report.html", period=period, problems=problems,
                           data=data, charts=charts)


@blueprint.get("/facilitation/report.csv")
@city_only
@login_required
def csv():
    require()
    period, _problems, data = _figures()
    sections = [
        (_("Projects by step"), [(STEP_LABELS[s], n) for s, n in data["by_step"]]),
        (_("Realised projects"), [(r.title, r.realised_at.date().isoformat())
                                  for r in data["realised"]]),
        (_("Partners mobilised"), data["partners"]),
        (_("Kinds of support"), [(SUPPORT_LABELS[k], n) for k, n in data["kinds"]]),
        (_("Median days from spotted to realised"), [("", data["median_days"] or "")]),
        (_("By theme (followed, realised)"), [(t, *n) for t, n in data["themes"]]),
        (_("By neighbourhood (followed, realised)"),
         [(t, *n) for t, n in data["neighbourhoods"]]),
        (_("Events"), [(_("Events held"), data["events"]["events_held"]),
                       (_("Projects born at them"), data["events"]["projects_born"]),
                       (_("People who came"), data["events"]["attendance"])]),
    ]
    body = report.to_csv(sections, (_("Figure"), _("Label"), _("Value"), _("Realised")))
    name = f"impact-{g.city.slug}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
