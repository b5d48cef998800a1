"""The change lists' frame (templates/admin/change_list.html, the office's copy of Django's)
with its fixed parts written once per process (`{% kept %}`, `{% kept cl.opts %}`,
`kept_media`) and the pages' numbers and columns' headings written in one step each
(decision 348): what Django's change_list.html with the office's former blocks wrote, to the
character, list after list, in both languages, after switching back and forth."""
# ruff: noqa: E501 (template lines quoted as they are)

from pathlib import Path

import django.contrib.admin
import pytest
from django.core.paginator import Paginator
from django.forms import Media
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from congress_office.list_links import OfficeChangeList
from tests.core.frames import Script, former_template, rendered_both_ways
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import proposal_in

DJANGOS = Path(django.contrib.admin.__file__).parent / "templates/admin/change_list.html"
# The office's change_list.html before decision 348 was Django's with the office's rows and
# filters' choices (decision 197), its rows' block indented as below.
FORMER = [
    (
        "{% load i18n admin_urls static admin_list %}",
        "{% load i18n admin_urls static admin_list office_list %}",
    ),
    ("{% admin_list_filter cl spec %}", "{% office_list_filter cl spec %}"),
    (
        """        {% block result_list %}
          {% if action_form and actions_on_top and cl.show_admin_actions %}{% admin_actions %}{% endif %}
          {% result_list cl %}
          {% if action_form and actions_on_bottom and cl.show_admin_actions %}{% admin_actions %}{% endif %}
        {% endblock %}""",
        """        {% block result_list %}
  {% if action_form and actions_on_top and cl.show_admin_actions %}{% admin_actions %}{% endif %}
  {% office_result_list cl %}
  {% if action_form and actions_on_bottom and cl.show_admin_actions %}{% admin_actions %}{% endif %}
{% endblock %}""",
    ),
]
LISTS = [
    reverse("admin:proposals_proposal_changelist"),
    reverse("admin:proposals_proposal_changelist") + "?o=2.-3&status__exact=assigned",
    reverse("admin:proposals_assignment_changelist") + "?role__exact=lead&q=<b>",
    reverse("admin:proposals_proposalcategory_changelist"),  # editable: a formset's media
    reverse("admin:delegates_delegate_changelist"),
    reverse("admin:delegates_delegate_changelist") + "?_popup=1&_to_field=id",
]


@pytest.mark.django_db
def test_every_list_frame_is_what_djangos_template_wrote(office, secretariat, author):
    for unit in HandlingUnitFactory.create_batch(2):
        proposal_in("assigned", author=author, unit=unit, office=secretariat)
    former = former_template(DJANGOS, FORMER)
    pages = rendered_both_ways(office, LISTS, "admin/change_list.html", former)
    assert "admin/css/forms.css" in pages["en", LISTS[3]]
    assert "&rsaquo; Categories\n" in pages["en", LISTS[3]]  # the breadcrumbs by the list


def test_a_kept_part_is_kept_by_the_values_it_names():
    template = Template("{% load admin_frame %}{% kept x y %}[{{ x }}{{ y }}]{% endkept %}")
    shown = [template.render(Context({"x": x, "y": y})) for x, y in ("ab", "ac", "ab", "db")]
    assert shown == ["[ab]", "[ac]", "[ab]", "[db]"]


def test_kept_media_is_what_the_media_writes_for_each_media():
    template = Template(
        '{% load office_list %}{% kept_media media "js" %}|{% kept_media media "css" %}'
    )
    kinds = [
        Media(js=["a.js", "b.js"], css={"all": ["a.css"]}),
        Media(js=["a.js"]) + Media(js=["c.js", "a.js"]),
        Media(js=["b.js", "a.js"], css={"screen": ["a.css"], "all": ["b.css"]}),
        Media(js=[Script("<script>1</script>")]),
        Media(js=[Script("<script>2</script>")]),
    ]
    for media in kinds * 2:
        shown = template.render(Context({"media": media}))
        assert shown == f"{media['js']}|{media['css']}"
    assert Template('{% load office_list %}{% kept_media media "js" %}').render(Context()) == ""
    assert "<script>2</script>" in template.render(Context({"media": kinds[4]}))


class _List:
    """What `paginator_number` reads of a change list, links as the office's list writes."""

    get_query_string = OfficeChangeList.get_query_string
    _encoded = OfficeChangeList._encoded
    _piece = OfficeChangeList._piece

    def __init__(self, page_num):
        self.paginator = Paginator(range(2000), 10)
        self.page_num = page_num
        self.filter_params = {"q": ["a&b <c>"], "status__exact": ["draft"]}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pages_numbers_are_what_djangos_tag_writes(language):
    djangos = Template(
        "{% load admin_list %}{% for i in page_range %}\n    {% paginator_number cl i %}\n"
        "{% endfor %}"
    )
    ours = Template("{% load office_list %}{% office_page_numbers cl page_range %}")
    written = ""
    with translation.override(language):
        for page_num in (1, 2, 4, 5, 100, 196, 199, 200):
            cl = _List(page_num)
            context = Context(
                {"cl": cl, "page_range": cl.paginator.get_elided_page_range(page_num)}
            )
            numbers = ours.render(context)
            context["page_range"] = cl.paginator.get_elided_page_range(page_num)
            assert numbers == djangos.render(context), page_num
            written += numbers
    assert 'class="end"' in written and "this-page" in written and "…" in written
    assert "q=a%26b+%3Cc%3E&amp;status__exact=draft" in written


def _action_form(choices, **kwargs):
    form = django.contrib.admin.helpers.ActionForm(auto_id=None, **kwargs)
    form.fields["action"].choices = choices
    return form


def test_the_action_forms_fields_are_kept_by_the_actions_they_offer():
    """actions.html's action form written once per process for Django's unbound form and
    its actions (decision 354): what the template's loop writes, form after form, for other
    actions, in both languages back and forth; another form (bound, or with an initial
    action) written each time."""
    ours = get_template("admin/actions.html")
    loop = (
        "{% for field in action_form %}{% if field.label %}<label>{{ field.label }} {{ field }}"
        "</label>{% else %}{{ field }}{% endif %}{% endfor %}"
    )
    theirs = Template(loop)
    blank = [("", "---------")]
    offered = [
        blank + [("accept", "Accept"), ("decline", "Decline <b>")],
        blank + [("accept", "Accept")],
        blank + [("accept", "Accept"), ("decline", "Refuse")],
        blank + [("accept", "Accept"), ("decline", "Decline <b>")],
    ]
    shown = []
    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            forms = [_action_form(choices) for choices in offered]
            forms.append(_action_form(offered[0], data={"action": "decline"}))
            forms.append(_action_form(offered[0], initial={"action": "accept"}))
            for form in forms:
                fields = theirs.render(Context({"action_form": form}))
                page = ours.render({"action_form": form})
                assert fields in page, (language, form.fields["action"].choices)
                shown.append(fields)
    assert len(set(shown)) == 5 * 2  # three sets of actions, bound, initial: each language
    assert 'value="decline" selected' in shown[4] and 'value="accept" selected' in shown[5]
