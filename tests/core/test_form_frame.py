"""The change and add forms' frame (templates/admin/change_form.html, the office's copy of
Django's) with its fixed parts written once per process (`{% kept %}`, `{% kept opts %}`,
`kept_form_media`, decision 361): what Django's change_form.html with the office's fieldsets
wrote, to the character, form after form, in both languages, after switching back and forth;
and each kept part kept by what it depends on."""

from pathlib import Path

import django.contrib.admin
import pytest
from django.forms import Media
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse

from tests.core.frames import TOKEN, Script, former_template, rendered_both_ways
from tests.delegates.factories import ActivityFactory, DelegateFactory
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import proposal_in

DJANGOS = Path(django.contrib.admin.__file__).parent / "templates/admin/change_form.html"
# The office's change_form.html before decision 361 was Django's with its fieldsets written
# in Python (decision 244).
FORMER = [
    (
        "{% load i18n admin_urls static admin_modify %}",
        "{% load i18n admin_urls static admin_modify office_form %}",
    ),
    (
        '{% include "admin/includes/fieldset.html" with heading_level=2 prefix="fieldset"'
        " id_prefix=0 id_suffix=forloop.counter0 %}",
        '{% office_fieldset fieldset 2 "fieldset" 0 forloop.counter0 %}',
    ),
]


def _forms(author, secretariat) -> list[str]:
    unit = HandlingUnitFactory()
    proposal, _lead = proposal_in("assigned", author=author, unit=unit, office=secretariat)
    delegate = DelegateFactory()
    activity = ActivityFactory()
    return [
        reverse("admin:delegates_delegation_add"),
        reverse("admin:delegates_delegate_change", args=[delegate.pk]),
        reverse("admin:delegates_activity_add"),  # an inline: its rows' media
        reverse("admin:delegates_activity_change", args=[activity.pk]),
        reverse("admin:proposals_proposal_change", args=[proposal.pk]),
        reverse("admin:delegates_term_add") + "?_popup=1&_to_field=id",
        reverse("admin:proposals_proposalcategory_add"),
    ]


def _former():
    return former_template(DJANGOS, FORMER)


@pytest.mark.django_db
def test_every_form_frame_is_what_djangos_template_wrote(office, secretariat, author):
    urls = _forms(author, secretariat)
    pages = rendered_both_ways(office, urls, "admin/change_form.html", _former())
    constants = (
        '"django-admin-form-add-constants"\n            src="/static/admin/js/change_form.js"'
    )
    named = '\n                data-model-name="delegation"\n            \n            async>'
    assert f"{constants}\n            {named}" in pages["en", urls[0]]  # an add page's
    assert f"{constants}\n            \n            async>" in pages["en", urls[1]]
    assert "&rsaquo; Add delegation\n" in pages["en", urls[0]]


@pytest.mark.django_db
def test_each_kept_part_is_kept_by_what_it_depends_on(office, secretariat, author):
    """The breadcrumbs by the model and whether the list may be viewed, the page's title by
    the model: a key left out, and the second of two pages that differ in it would be the
    first's."""
    former = _former()
    urls = _forms(author, secretariat)
    contexts = []
    for url in urls[:5]:
        response = office.get(url)
        contexts.append((dict(response.context_data), response.wsgi_request))
    varied = []
    for context, request in contexts:
        for viewed in (True, False, True):
            for add in (context["add"], not context["add"]):
                varied.append(({**context, "has_view_permission": viewed, "add": add}, request))
    shown = set()
    for context, request in varied:
        ours = get_template("admin/change_form.html").render(context, request)
        theirs = former.render(context, request)
        assert TOKEN.sub("", ours) == TOKEN.sub("", theirs)
        shown.add(TOKEN.sub("", ours))
    assert len(shown) == len(varied) * 2 // 3  # each (page, viewed, add) its own


def test_kept_form_media_is_what_the_media_writes_for_each_media():
    template = Template("{% load office_form %}[{% kept_form_media media %}]")
    kinds = [
        Media(js=["a.js", "b.js"], css={"all": ["a.css"]}),
        Media(js=["a.js"]) + Media(js=["c.js", "a.js"]),
        Media(js=["b.js", "a.js"], css={"screen": ["a.css"], "all": ["b.css"]}),
        Media(css={"all": ["b.css"]}),
        Media(),
        Media(js=[Script("<script>1</script>")]),
        Media(js=[Script("<script>2</script>")]),
    ]
    for media in kinds * 2:
        assert template.render(Context({"media": media})) == f"[{media}]"
    assert template.render(Context()) == "[]"
    assert template.render(Context({"media": "<b>"})) == "[&lt;b&gt;]"
    assert "<script>2</script>" in template.render(Context({"media": kinds[6]}))
