"""The items' change list counted by statements written once (`KeptLists`, decision 465), its
"submitted on" days and its filters' translated labels kept per process (decisions 466, 467):
the same counts and pages as Django's, fresh after a change, and never more queries."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from congress_office.admin_helpers import escaped
from congress_office.kept_cells import label_text, labels_written, local_day_text
from congress_office.list_links import OfficeChangeList
from congress_office.localized_dates import date_format
from proposals.admin import ProposalAdmin
from proposals.deadlines import TIME_LEFT_LABELS
from proposals.models import Proposal
from tests.proposals.kit import S, proposal_in

LIST = "/admin/proposals/proposal/"
FILTERED = [
    "",
    "?time_left=ok",
    "?time_left=overdue",
    "?handled_by={unit}",
    "?handled_by={unit}&time_left=ok",
    "?session__isnull=True",
    "?source__exact=delegate",
    "?q=修路",
    "?q=修路&time_left=ok",
    "?status__exact=assigned&handled_by={unit}",
    "?_facets=True&time_left=ok",
]


def _page(client, url) -> tuple[int, str, object]:
    client.get(url)  # the first of its shape writes its statements
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode(), response.context["cl"]


def _djangos_list(monkeypatch):
    """The items' list counted as Django counts (the office's change list without
    `KeptLists`' counts), as it was before decision 465."""
    monkeypatch.setattr(
        ProposalAdmin, "get_changelist", lambda self, request, **kw: OfficeChangeList
    )


@pytest.mark.django_db
def test_the_filtered_lists_read_no_more_queries_and_show_djangos_pages(
    office, author, unit, monkeypatch
):
    """At 3 and 12 items, each filtered list reads as many queries at both sizes, no more
    than counted by Django, and shows the same page with the same count."""
    kept_counts = {}
    for size in (3, 12):
        while Proposal.objects.count() < size:
            proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
        for shape in FILTERED:
            url = LIST + shape.format(unit=unit.pk)
            made, page, cl = _page(office, url)
            assert cl.result_count == QuerySet.count(cl.queryset._chain()), url
            kept_counts.setdefault(shape, []).append(made)
            with monkeypatch.context() as patched:
                _djangos_list(patched)
                djangos_made, djangos_page, _cl = _page(office, url)
            assert made <= djangos_made, url
            assert _without_tokens(page) == _without_tokens(djangos_page), url
    for shape, made in kept_counts.items():
        assert made[0] == made[1], shape


def _without_tokens(page: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return re.sub(r'nonce="[^"]*"', "", page)


@pytest.mark.django_db
def test_a_kept_count_is_the_tables_count_after_a_change(office, author, unit):
    proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
    url = f"{LIST}?handled_by={unit.pk}&time_left=ok"
    first = _page(office, url)[2].result_count
    proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修桥的建议")
    cl = _page(office, url)[2]
    assert cl.result_count == first + 1 == QuerySet.count(cl.queryset._chain())
    assert isinstance(cl, ChangeList)


def _day(value) -> str:
    return escape(date_format(timezone.localtime(value).date(), "DATE_FORMAT"))


@pytest.mark.django_db
def test_a_submitted_day_is_written_in_the_language_and_zone_asked():
    # 17:30 in UTC is the next day's 01:30 in Shanghai: the zone decides the day
    late = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC)
    shown = set()
    for zone in ("UTC", "Asia/Shanghai"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    for _again in range(2):
                        assert local_day_text(late) == _day(late), (zone, language)
                    shown.add(local_day_text(late))
    assert len(shown) == 4


@pytest.mark.django_db
def test_the_list_shows_an_items_new_day(office, author, unit):
    item, _lead = proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
    with translation.override("en"):
        page = _page(office, LIST)[1]
        assert _day(item.submitted_at) in page
        moved = item.submitted_at - datetime.timedelta(days=40)
        Proposal.objects.filter(pk=item.pk).update(submitted_at=moved)
        page = _page(office, LIST)[1]
        assert _day(moved) in page
        assert _day(item.submitted_at) not in page


def test_a_lazy_label_is_written_as_djangos_escaping_writes_it():
    labels = [
        gettext_lazy("All"),
        gettext_lazy("a <b> & c"),
        pgettext_lazy("time left", "On time"),
        *TIME_LEFT_LABELS.values(),
    ]
    for language in ("en", "zh-hans", "en"):
        with translation.override(language):
            kept = labels_written()
            for label in labels:
                assert label_text(kept, label) == escaped(label), (language, label)
    with translation.override("zh-hans"):
        assert label_text(labels_written(), gettext_lazy("All")) == "全部"


def test_another_lazy_text_or_a_safe_one_is_not_kept():
    counter = iter(range(100))
    changing = lazy(lambda: str(next(counter)), str)()
    with translation.override("en"):
        assert label_text(labels_written(), changing) is None
        assert label_text(labels_written(), gettext_lazy(mark_safe("<b>All</b>"))) is None
        assert label_text(labels_written(), "All") is None
        assert gettext("All") == "All"


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai"])
def test_the_days_written_once_a_page_are_the_callables_days(
    office, author, unit, monkeypatch, settings, zone
):
    """The column's function for a page (`for_page`, decision 467) writes the page the
    callable writes row by row, in both languages and two zones (a late submission is
    another day in each)."""
    settings.TIME_ZONE = zone
    late = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC)
    for _ in range(3):
        item, _lead = proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
    Proposal.objects.filter(pk=item.pk).update(submitted_at=late)
    Proposal.objects.filter(pk=item.pk - 1).update(submitted_at=None)
    for language in ("en", "zh-hans"):
        office.cookies["django_language"] = language
        with translation.override(language):
            page = _page(office, LIST)[1]
            with monkeypatch.context() as patched:
                patched.delattr(ProposalAdmin.submitted_on, "for_page")
                row_by_row = _page(office, LIST)[1]
        assert _without_tokens(page) == _without_tokens(row_by_row)
        with timezone.override(zoneinfo.ZoneInfo(zone)), translation.override(language):
            assert _day(late) in page
