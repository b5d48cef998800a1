"""The office's admin pages: set up, tellers, entitlements, open and close, blank ballots."""

import io

import pytest
from pypdf import PdfReader

from evaluations.models import Evaluation, EvaluationRules
from evaluations.services import entitlements_set, evaluation_open
from evaluations.tellers import evaluation_tellers
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/evaluations/evaluation/"
INLINES = ("subjects", "criteria", "paper_rounds", "status_changes")


def _action(client, action, evaluations, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [e.pk for e in evaluations], **extra},
    )


def test_change_page_of_a_draft_and_of_an_open_evaluation(
    client_for, secretariat, make_evaluation, voters
):
    evaluation = make_evaluation(subjects=2, criteria=2)
    client = client_for(secretariat)
    page = client.get(f"{CHANGELIST}{evaluation.pk}/change/").content.decode()
    assert 'name="subjects-0-name"' in page and 'name="entitled"' in page
    assert "0 voted online and 0 received a paper ballot, of 0 delegates entitled" in page
    entitlements_set(evaluation=evaluation, delegates=voters(3))
    evaluation_open(evaluation=evaluation, opened_by=secretariat)
    page = client.get(f"{CHANGELIST}{evaluation.pk}/change/").content.decode()
    # Once open: subjects and criteria read-only, no entitlement field, the receipts counted.
    assert 'name="subjects-0-name"' not in page and 'name="entitled"' not in page
    assert "0 voted online and 0 received a paper ballot, of 3 delegates entitled" in page
    assert f"/evaluations/{evaluation.pk}/results/" in page


def test_tellers_and_entitled_set_from_the_change_page(
    client_for, secretariat, make_evaluation, voters
):
    evaluation = make_evaluation()
    people = voters(3)
    teller = UserFactory(username="teller")
    client = client_for(secretariat)
    response = client.post(
        f"{CHANGELIST}{evaluation.pk}/change/",
        {
            "session": evaluation.session_id,
            "title": evaluation.title,
            "kind": "evaluation",
            "scale": "excellence",
            "opens_at_0": "2026-01-01",
            "opens_at_1": "08:00",
            "closes_at_0": "2030-01-01",
            "closes_at_1": "12:00",
            "tellers": [teller.pk],
            "entitled": [people[0].pk, people[2].pk],
            "subjects-TOTAL_FORMS": 0,
            "subjects-INITIAL_FORMS": 0,
            "criteria-TOTAL_FORMS": 0,
            "criteria-INITIAL_FORMS": 0,
            "paper_rounds-TOTAL_FORMS": 0,
            "paper_rounds-INITIAL_FORMS": 0,
            "status_changes-TOTAL_FORMS": 0,
            "status_changes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(evaluation_tellers(evaluation)) == [teller]
    assert set(evaluation.entitlements.values_list("delegate_id", flat=True)) == {
        people[0].pk,
        people[2].pk,
    }


def test_open_and_close_actions(client_for, secretariat, make_evaluation, voters):
    ready = make_evaluation()
    entitlements_set(evaluation=ready, delegates=voters(2))
    empty = make_evaluation(subjects=0)
    client = client_for(secretariat)
    response = _action(client, "open_evaluations", [ready, empty])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Add the subjects" in m for m in messages)
    ready.refresh_from_db()
    empty.refresh_from_db()
    assert (ready.status, empty.status) == ("open", "draft")
    # Closing cannot be undone: the intermediate page asks for a confirmation first.
    asked = _action(client, "close_evaluations", [ready])
    assert asked.templates[0].name == "evaluations/admin/action_form.html"
    refused = _action(client, "close_evaluations", [ready], apply="1")
    assert refused.context["form"].errors["confirm"] == ["Tick the box to confirm."]
    ready.refresh_from_db()
    assert ready.status == "open"
    _action(client, "close_evaluations", [ready], apply="1", confirm="on")
    ready.refresh_from_db()
    assert ready.status == "closed"
    assert list(ready.status_changes.values_list("status_after", flat=True)) == [
        "open",
        "closed",
    ]


def test_copy_and_template_actions_ask_first(client_for, secretariat, make_evaluation):
    last_year = make_evaluation(subjects=3, criteria=1)
    this_year = make_evaluation(subjects=0, criteria=0)
    client = client_for(secretariat)
    ask = _action(client, "copy_form", [this_year])
    assert "Copy the subjects and criteria of" in ask.content.decode()
    _action(client, "copy_form", [this_year], apply="1", source=last_year.pk)
    assert this_year.subjects.count() == 3
    ask = _action(client, "criteria_template", [this_year])
    assert "Standard form" in ask.content.decode()
    _action(client, "criteria_template", [this_year], apply="1", template="five_aspects")
    assert this_year.criteria.count() == 6


def test_print_blank_ballots_action(client_for, secretariat, make_evaluation):
    first, second = make_evaluation(), make_evaluation()
    response = _action(client_for(secretariat), "print_blank_ballots", [first, second])
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert first.title in text and second.title in text


def test_no_bulk_delete_and_only_drafts_deleted(client_for, secretariat, make_evaluation, voters):
    evaluation = make_evaluation()
    entitlements_set(evaluation=evaluation, delegates=voters(1))
    client = client_for(secretariat)
    assert "delete_selected" not in client.get(CHANGELIST).content.decode()
    evaluation_open(evaluation=evaluation, opened_by=secretariat)
    assert client.get(f"{CHANGELIST}{evaluation.pk}/delete/").status_code == 403
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()


def test_receipts_and_tallies_have_no_admin_pages(client_for, secretariat):
    client = client_for(secretariat)
    index = client.get("/admin/").content.decode()
    assert "/admin/evaluations/receipt/" not in index
    assert "/admin/evaluations/onlinetally/" not in index
    assert client.get("/admin/evaluations/receipt/").status_code == 404
    assert client.get("/admin/evaluations/onlinetally/").status_code == 404


def test_rules_singleton_admin(client_for, secretariat):
    client = client_for(secretariat)
    assert client.get("/admin/evaluations/evaluationrules/add/").status_code == 403
    # The list creates the row with its defaults and opens its form, the one thing to do there.
    rules_list = client.get("/admin/evaluations/evaluationrules/", follow=True)
    rules = EvaluationRules.objects.get()
    assert (
        rules_list.redirect_chain[-1][0] == f"/admin/evaluations/evaluationrules/{rules.pk}/change/"
    )
    assert "Evaluation rules" in rules_list.content.decode()
    response = client.post(
        f"/admin/evaluations/evaluationrules/{rules.pk}/change/",
        {
            "warning_numerator": 3,
            "warning_denominator": 2,
            "flag_numerator": 1,
            "flag_denominator": 2,
        },
    )
    assert "no greater than one" in response.content.decode()


def test_an_add_page_never_shows_another_evaluations_tellers(
    client_for, secretariat, make_evaluation
):
    """The change page sets the tellers it shows; the next add page must not inherit them."""
    from evaluations.services import tellers_set

    evaluation = make_evaluation()
    teller = UserFactory(username="teller")
    tellers_set(evaluation=evaluation, users=[teller])
    client = client_for(secretariat)
    client.get(f"{CHANGELIST}{evaluation.pk}/change/")
    form = client.get(f"{CHANGELIST}add/").context["adminform"].form
    assert form["tellers"].value() in (None, [])
    assert "entitled" not in form.fields


def test_a_forged_paper_round_row_on_the_add_page_is_ignored(client_for, secretariat, session):
    """Paper rounds are entered by tellers, never here; a forged row count shows the page."""
    response = client_for(secretariat).post(
        f"{CHANGELIST}add/",
        {
            "session": session.pk,
            "title": "",
            "kind": "evaluation",
            "scale": "excellence",
            **{f"{prefix}-TOTAL_FORMS": "0" for prefix in ("subjects", "criteria")},
            **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("subjects", "criteria")},
            "paper_rounds-TOTAL_FORMS": "1",
            "paper_rounds-INITIAL_FORMS": "0",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    # The page came back for the form's own errors (nothing filled in), not for the forged row.
    assert set(response.context["adminform"].form.errors) == {"title", "opens_at", "closes_at"}
    assert not Evaluation.objects.exists()


def test_an_open_evaluation_is_edited_from_its_change_page(
    client_for, secretariat, make_evaluation, voters
):
    """Found by fuzzing: saving an open evaluation's page failed (it set the entitlements)."""
    evaluation = make_evaluation()
    entitlements_set(evaluation=evaluation, delegates=voters(2))
    evaluation_open(evaluation=evaluation, opened_by=secretariat)
    teller = UserFactory(username="teller")
    response = client_for(secretariat).post(
        f"{CHANGELIST}{evaluation.pk}/change/",
        {
            "title": evaluation.title,
            "opens_at_0": "2026-01-01",
            "opens_at_1": "08:00",
            "closes_at_0": "2030-01-01",
            "closes_at_1": "12:00",
            "tellers": [teller.pk],
            **{f"{prefix}-TOTAL_FORMS": 0 for prefix in INLINES},
            **{f"{prefix}-INITIAL_FORMS": 0 for prefix in INLINES},
        },
    )
    assert response.status_code == 302, response.context["errors"]
    evaluation.refresh_from_db()
    assert evaluation.closes_at.year == 2030
    assert list(evaluation_tellers(evaluation)) == [teller]
    assert evaluation.entitlements.count() == 2
