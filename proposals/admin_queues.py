"""The office's work queues (awaiting review, not yet routed, overdue, tracked): its daily
lists, fifty items a page, with the admin's own bulk actions.

A page of the admin's change list costs about half a millisecond a row in its generic
machinery (every cell looked up and formatted, a widget rendered for every checkbox, every
row's link resolved again), and the page around it several times a trivial page: the queues
the office works through all day are therefore a page of their own, one indexed query and a
plain table (docs/decisions.md, decision 61). The actions are run by the admin itself
(`response_action`), so they behave exactly as on the change list, intermediate pages included,
and come back here."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import admin_page_context
from congress_office.desk import shown_count

from .models import Proposal
from .queue_rows import queue_rows_html
from .selectors import OFFICE_QUEUES, office_queue, office_queue_counts, office_queue_filter
from .workflow import PROPOSAL_WORKFLOW

QUEUE_PAGE_SIZE = 50
# A queue counts at most this many items: counting all of a long queue costs more than the
# rest of the page (20,000 overdue items: 4 ms on PostgreSQL, the whole page's budget), and
# nobody pages through more than the first thousand; beyond it the page says "more than".
QUEUE_COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Pages over the first `QUEUE_COUNT_CAP` items; `more` says whether there are others.
    `total` is the queue's count stopping at the cap + 1, as the tabs count every queue in one
    query (`office_queue_counts`, without the rows' joins, which would make PostgreSQL join a
    thousand rows only to count them)."""

    def __init__(self, object_list, per_page, *, total):
        super().__init__(object_list, per_page)
        self.more = total > QUEUE_COUNT_CAP
        self.total = min(total, QUEUE_COUNT_CAP)

    @cached_property
    def count(self):
        return self.total


def queues_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    queue = request.GET.get("queue")
    if queue not in OFFICE_QUEUES:
        queue = "review"
    today = timezone.localdate()
    if request.method == "POST":
        # Only items still in this queue are acted on, as on a filtered change list.
        in_queue = Proposal.objects.filter(office_queue_filter(queue, today))
        response = model_admin.response_action(request, queryset=in_queue)
        return response or HttpResponseRedirect(request.get_full_path())
    # The change list's actions whose step the workflow allows for the queue's items.
    allowed = PROPOSAL_WORKFLOW.available(OFFICE_QUEUES[queue].status)
    actions = [
        (name, description)
        for name, (function, _name, description) in model_admin.get_actions(request).items()
        if getattr(function, "step", None) in allowed
    ]
    counts = office_queue_counts(today, cap=QUEUE_COUNT_CAP)
    paginator = CappedPaginator(office_queue(queue, today), QUEUE_PAGE_SIZE, total=counts[queue])
    page = paginator.get_page(request.GET.get("page"))
    # What the rows show that is worked out: the kind's label, translated once for the page
    # (get_kind_display rebuilds the choices on each of its fifty calls).
    kinds = {value: str(label) for value, label in Proposal.Kind.choices}
    for item in page.object_list:
        item["kind_label"] = kinds[item["kind"]]
    context = {
        **admin_page_context(model_admin.admin_site, request),
        "title": _("Work queues"),
        "subtitle": OFFICE_QUEUES[queue].label,
        "opts": Proposal._meta,
        "queues": [
            (name, q.label, shown_count(counts[name], QUEUE_COUNT_CAP))
            for name, q in OFFICE_QUEUES.items()
        ],
        "queue": queue,
        "page": page,
        "count_cap": QUEUE_COUNT_CAP,
        "actions": actions,
        "shows_deadline": queue == "overdue",
        "rows": queue_rows_html(
            page.object_list, actions=bool(actions), shows_deadline=queue == "overdue"
        ),
    }
    return TemplateResponse(request, "admin/proposals/queues.html", context)
