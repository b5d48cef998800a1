"""The delegates app's admin form and formset classes kept per process (decisions 357, 384):
the activity's (and its participants' formset), the committee member's and the delegate's
pages, opened with classes kept for another object, language or account, are the pages
Django's own classes write (`KEEP` off)."""

from functools import partial

import pytest
from django.contrib.admin import site

from congress_office import kept_form_classes
from delegates.contacts import committee_member_save, committee_member_set_delegates
from delegates.models import Activity, CommitteeMember
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.core.kept_kit import without as _without
from tests.delegates.factories import (
    ActivityFactory,
    ActivityParticipationFactory,
    DelegateFactory,
    DelegationFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


nothing_kept = nothing_kept_in(kept_form_classes._classes)
_djangos = partial(djangos, kept_form_classes)


@pytest.fixture
def objects(term, secretariat):
    earlier = TermFactory(name="第十四届", start_date="2017-01-01", end_date="2021-12-31")
    made = {}
    for each in (term, earlier):
        delegates = [DelegateFactory(term=each, delegation=DelegationFactory(term=each))]
        activity = ActivityFactory(term=each)
        ActivityParticipationFactory(activity=activity, delegate=delegates[0])
        member = committee_member_save(
            member=CommitteeMember(term=each, name=f"委员{each.pk}"), saved_by=secretariat
        )
        committee_member_set_delegates(member=member, delegates=delegates, set_by=secretariat)
        made[each] = (activity, member, delegates[0])
    return made


def _urls(objects) -> list[list[str]]:
    """Each kind of page, for the objects of both terms."""
    pages = [["/admin/delegates/activity/add/"], ["/admin/delegates/committeemember/add/"]]
    for path, which in (("activity", 0), ("committeemember", 1), ("delegate", 2)):
        pages.append([f"/admin/delegates/{path}/{o[which].pk}/change/" for o in objects.values()])
    return pages


def test_each_page_with_classes_kept_for_another_object_and_language_is_djangos(office, objects):
    for urls in _urls(objects):
        for url in urls:  # kept for the other object, in the other language
            _page(office, url, "en")
        for url in urls:
            assert _page(office, url) == _djangos(office, url), url
            assert _page(office, url, "en") == _djangos(office, url, "en"), url


def test_the_classes_are_kept(rf, secretariat, objects):
    request = rf.get("/")
    request.user = secretariat
    for model, which in ((Activity, 0), (CommitteeMember, 1)):
        admin = site._registry[model]
        obj = next(iter(objects.values()))[which]
        assert admin.get_form(request, obj, change=True) is admin.get_form(
            request, obj, change=True
        )
    inline = site._registry[Activity].get_inline_instances(request, None)[0]
    assert inline.get_formset(request, None) is inline.get_formset(request, None)


def test_an_account_with_other_permissions_is_not_given_anothers_classes(
    client_for, admin_user, objects
):
    """The pickers' wrappers show links by the related model's permission."""
    fewer = _without(admin_user, "add_delegate")
    for urls in _urls(objects):
        url = urls[0]
        for first, second in ((admin_user, fewer), (fewer, admin_user)):
            kept_form_classes._classes.clear()
            _page(client_for(first), url)
            assert _page(client_for(second), url) == _djangos(client_for(second), url), url
