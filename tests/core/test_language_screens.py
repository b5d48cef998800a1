"""Issue 12 (1.10, 1.11): no English and no internal code on the Chinese screens, Django's own
missing strings included; error pages in the site's layout (or the admin's) and the reader's
language; read-only users shown by name, without the admin's link office staff may not open."""

import gettext
import json
import re
from pathlib import Path

import django
import pytest
from django.contrib.admin.utils import display_for_value
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from proposals.models import Proposal
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.proposals.kit import proposal_in

pytestmark = pytest.mark.django_db

DJANGO = Path(django.__file__).parent
ROOT = Path(__file__).resolve().parents[2]


def speak(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


def msgids(po_file: Path) -> set[str]:
    """The msgids of a catalogue (singular forms), read without a .po library."""
    found = set()
    for block in po_file.read_text().split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match and "#~" not in block:
            found.add("".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"'))
    return found - {""}


def django_gaps(app: str, domain: str) -> set[str]:
    """The msgids of a Django app that its Simplified Chinese catalogue does not translate."""
    locale = DJANGO / app / "locale"
    with (locale / "zh_Hans/LC_MESSAGES" / f"{domain}.mo").open("rb") as mo:
        translated = gettext.GNUTranslations(mo)._catalog
    keys = {key[0] if isinstance(key, tuple) else key for key in translated}
    keys = {key.split("\x04")[-1] for key in keys}
    return msgids(locale / "en/LC_MESSAGES" / f"{domain}.po") - keys


@pytest.mark.parametrize("app", ["contrib/admin", "contrib/auth", "conf"])
def test_every_string_djangos_chinese_catalogue_lacks_is_translated_by_ours(app):
    gaps = django_gaps(app, "django")
    with translation.override("zh-hans"):
        untranslated = [msgid for msgid in gaps if translation.gettext(msgid) == msgid]
    assert untranslated == []


def test_the_admins_javascript_strings_are_all_in_chinese(office):
    gaps = django_gaps("contrib/admin", "djangojs")
    assert "Choose all %s" in gaps  # what the check is about: Django's own gap
    speak(office, "zh-hans")
    script = office.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert {msgid for msgid in gaps if not catalog.get(msgid)} == set()
    assert catalog["Choose all %s"] == "选择全部%s"


def test_the_admins_screen_reader_headers_and_icons_are_in_chinese(office, term):
    speak(office, "zh-hans")
    # Django's list of every section (the admin's home is the office's desk)
    index = office.get(reverse("admin:sections")).content.decode()
    assert "模型名称" in index and "修改或查看列表链接" in index
    assert "Model name" not in index and "Add link" not in index
    roster = office.get("/admin/delegates/delegate/").content.decode()
    assert 'alt="搜索"' in roster and 'alt="Search"' not in roster
    with translation.override("zh-hans"):
        assert 'alt="是"' in display_for_value(True, "", boolean=True)
        assert 'alt="否"' in display_for_value(False, "", boolean=True)
        assert 'alt="未知"' in display_for_value(None, "", boolean=True)


def test_the_voting_rules_list_describes_each_rule_in_words(office, term):
    from sessions.models import VotingRule
    from sessions.services import voting_rule_for

    voting_rule_for(term=term, matter=VotingRule.Matter.RESOLUTION)
    speak(office, "zh-hans")
    page = office.get("/admin/congress_sessions/votingrule/").content.decode()
    headers = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)
    assert headers == ["term", "matter", "in_words"]
    assert "Describe" not in page and ">规则<" in page


def test_a_proposals_page_shows_no_id_and_no_link_to_a_user(office, author):
    item, _ = proposal_in(Proposal.Status.SUBMITTED, author=author)
    speak(office, "zh-hans")
    page = office.get(f"/admin/proposals/proposal/{item.pk}/change/").content.decode()
    assert "ID:" not in page and "/admin/auth/user/" not in page
    assert re.search(r'<td class="field-actor_name">\s*<p>delegate</p>', page)


def test_a_delegates_history_names_who_recorded_it_without_a_link(office, term):
    record = enter(term, ElectoralUnitFactory(term=term))  # recorded by "kit-office"
    page = office.get(f"/admin/delegates/delegate/{record.pk}/change/").content.decode()
    assert "/admin/auth/user/" not in page
    assert re.search(r'<td class="field-actor_name">\s*<p>kit-office</p>', page)


@pytest.mark.parametrize(
    ("language", "title", "navigation"),
    [("zh-hans", "页面不存在", "我的提案"), ("en", "Page not found", "My proposals")],
)
def test_a_missing_page_is_in_the_sites_layout_and_language(
    client_for, delegate, language, title, navigation
):
    client = speak(client_for(delegate), language)
    response = client.get("/proposals/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in page and f"<h1>{title}</h1>" in page
    assert 'class="site-nav"' in page and navigation in page
    assert 'name="csrfmiddlewaretoken"' in page  # the language switcher works from here


def test_a_missing_admin_page_is_in_the_admins_look(office):
    speak(office, "zh-hans")
    response = office.get("/admin/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'id="site-name"' in page and "<h1>页面不存在</h1>" in page
    assert "Not Found" not in page


def test_a_refused_admin_page_is_in_the_admins_look_and_language(office, delegate):
    speak(office, "zh-hans")
    response = office.get(f"/admin/auth/user/{delegate.pk}/change/")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'id="site-name"' in page and "<h1>您无权打开此页面</h1>" in page


def test_a_refused_site_page_is_in_the_sites_layout(client_for, delegate):
    client = speak(client_for(delegate), "en")
    response = client.get("/proposals/unit/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>You may not open this page</h1>" in page and 'class="site-nav"' in page


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "出错了"), ("en", "Something went wrong")]
)
def test_a_server_error_page_needs_no_request_and_no_database(language, title):
    request = RequestFactory().get("/")
    with translation.override(language), pytest.MonkeyPatch.context() as patch:
        # Any query would fail: the page must not read the database.
        from django.db import connection

        patch.setattr(connection, "cursor", lambda *a, **k: pytest.fail("read the database"))
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in page and f"<h1>{title}</h1>" in page
    assert "/static/css/site.css" in page and 'class="site-header"' in page


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "表单已过期"), ("en", "The form has expired")]
)
def test_a_refused_form_token_is_explained_in_the_sites_layout(language, title):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page and 'class="site-header"' in page
    assert "CSRF" not in page


def test_an_evaluations_status_changes_are_named_by_their_labels(office, author):
    from evaluations.models import Evaluation
    from tests.evaluations.kit import evaluation_in
    from tests.sessions.factories import SessionFactory

    session = SessionFactory(term=author.term)
    evaluation = evaluation_in(Evaluation.Status.OPEN, session=session, entitled=[author])
    speak(office, "zh-hans")
    page = office.get(f"/admin/evaluations/evaluation/{evaluation.pk}/change/").content.decode()
    assert "draft → open" not in page
    with translation.override("zh-hans"):
        labels = [str(Evaluation.Status.DRAFT.label), str(Evaluation.Status.OPEN.label)]
    assert " → ".join(labels) in page
