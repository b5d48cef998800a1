"""The office's statistics page: the handling figures of a term, or of one session's items,
by lead unit, category or session, as a table and two charts, with the handling report (PDF)
and the table as CSV or XLSX.

The choices are links, like the filters of the admin's change lists: one click each, and no
form to render (three select widgets cost as much as the whole table). A choice that does not
exist (a hand-made address) is said so, and the default shown: the latest term, all its
items, by lead unit."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import admin_page_context
from congress_office.audit_trail import record_export
from congress_office.pdf import html_to_pdf, render_html
from congress_office.tabular import table_response
from delegates.models import Term
from sessions.models import Session

from .statistics import (
    GROUPINGS,
    handling_statistics,
    handling_statistics_page,
    rating_basis,
    statistics_table,
)


@dataclass
class Choice:
    term: Term
    session: Session | None
    group_by: str

    def query(self, **changed) -> str:
        values = {
            "term": self.term.pk,
            "session": self.session.pk if self.session else "",
            "group_by": self.group_by,
            **changed,
        }
        return urlencode({name: value for name, value in values.items() if value != ""})


def _chosen(rows, value):
    """The row whose key the query string names, None for none; False if it names none."""
    if value in (None, ""):
        return None
    return next((row for row in rows if str(row.pk) == value), False)


def statistics_choice(params, terms: list[Term]) -> tuple[Choice, list[Session], bool]:
    """(what to show, the chosen term's sessions, whether something asked for was not found)."""
    term = _chosen(terms, params.get("term"))
    unknown = term is False
    term = term or terms[0]
    sessions = list(Session.objects.filter(term=term).only("pk", "name"))
    session = _chosen(sessions, params.get("session"))
    group_by = params.get("group_by") or "unit"
    unknown = unknown or session is False or group_by not in GROUPINGS
    if group_by not in GROUPINGS:
        group_by = "unit"
    return Choice(term, session or None, group_by), sessions, unknown


def statistics_filters(choice: Choice, terms, sessions) -> list:
    """[(title, [(label, query string, chosen)])] for the filter links."""
    return [
        (
            _("Term"),
            [(t.name, choice.query(term=t.pk, session=""), t == choice.term) for t in terms],
        ),
        (
            _("Filed at session"),
            [(_("All items of the term"), choice.query(session=""), choice.session is None)]
            + [(s.name, choice.query(session=s.pk), s == choice.session) for s in sessions],
        ),
        (
            _("By"),
            [
                (label, choice.query(group_by=name), name == choice.group_by)
                for name, label in GROUPINGS.items()
            ],
        ),
    ]


def handling_export_filters(request):
    """The choices of an export of the statistics, as the security audit trail words them
    (decision 256): the term, the session and the grouping, by their labels."""
    terms = list(Term.objects.only("pk", "name"))
    if not terms:
        return list
    choice, sessions, _unknown = statistics_choice(request.GET, terms)
    filters = statistics_filters(choice, terms, sessions)
    return lambda: [
        (str(title), str(label))
        for title, options in filters
        for label, _query, chosen in options
        if chosen
    ]


# Groups on one page of the statistics (most items first): a thousand units' rows and their
# two thousand bars were most of the page at 100,000 items (decision 274). The handling report
# (PDF) and the CSV and XLSX files hold every group.
GROUPS_PAGE_SIZE = 50


def _page_read(choice: Choice, page_number):
    """(total, the page's groups, the page) read by the page's own statement (decision 481),
    for a page number that is a page of the groups; None otherwise (Django's paginator then
    answers the first or the last page, from every group read)."""
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        return None
    read = handling_statistics_page(
        choice.term,
        group_by=choice.group_by,
        session=choice.session,
        number=number,
        per_page=GROUPS_PAGE_SIZE,
    )
    if read is None:
        return None
    total, groups, count = read
    # The paginator counts a range's length: the groups' number, without the groups.
    return total, groups, Page(groups, number, Paginator(range(count), GROUPS_PAGE_SIZE))


def handling_figures(choice: Choice, page_number=None) -> dict:
    """What the page and the handling report (PDF) show of the choice: the figures, and the
    table the CSV and XLSX files hold. Given a `page_number` (the page's, not the files'),
    only that page's groups, and the page (`groups_page`)."""
    page = None
    read = page_number is not None and _page_read(choice, page_number)
    if read:
        total, groups, page = read
    else:
        total, groups = handling_statistics(
            choice.term, group_by=choice.group_by, session=choice.session
        )
        if page_number is not None:
            page = Paginator(groups, GROUPS_PAGE_SIZE).get_page(page_number)
            groups = list(page)
    header, rows = statistics_table(total, groups, GROUPINGS[choice.group_by])
    return {
        "total": total,
        "groups": groups,
        "groups_page": page,
        "table_header": header,
        "table_rows": rows,
        "grouping": GROUPINGS[choice.group_by],
        "term": choice.term,
        "scope_session": choice.session,
        "rating_basis": rating_basis(),
    }


def statistics_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    context = {
        **admin_page_context(model_admin.admin_site, request),
        "title": _("Handling of delegates' items"),
        "opts": model_admin.model._meta,
    }
    terms = list(Term.objects.only("pk", "name"))
    if not terms:
        return TemplateResponse(request, "admin/proposals/statistics.html", context)
    choice, sessions, unknown = statistics_choice(request.GET, terms)
    file_format = request.GET.get("format")
    whole = file_format in ("csv", "xlsx", "pdf")
    figures = handling_figures(choice, None if whole else request.GET.get("page") or 1)
    if file_format in ("csv", "xlsx"):
        record_export(request, what="handling", file_format=file_format)
        return table_response(
            filename="handling",
            file_format=file_format,
            header=figures["table_header"],
            rows=figures["table_rows"],
        )
    groups = figures["groups"]
    context.update(
        figures,
        # The two charts' bars: (label, rate) per group.
        handling_rates=[(f.label, f.handling_rate) for f in groups],
        satisfaction_rates=[(f.label, f.satisfaction_rate) for f in groups],
        query=choice.query(),
        filters=statistics_filters(choice, terms, sessions),
        unknown_choice=unknown,
    )
    if file_format == "pdf":
        record_export(request, what="handling", file_format="pdf")
        html = render_html("proposals/pdf/handling_report.html", context)
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="handling-report.pdf"'
        return response
    return TemplateResponse(request, "admin/proposals/statistics.html", context)
