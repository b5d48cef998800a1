"""Fuzzing the proposals' forms: writing a draft, the actions on an item's page (submit,
withdraw, co-signers, attachments, rating), answering a co-signature, the units' reply, send
back and extension forms, the office's bulk actions with their intermediate forms, the
statistics form, and every admin page of the app."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given, settings
from hypothesis import strategies as st

from congress_office.uploads import DOCX
from delegates.models import Delegate, Term
from proposals.admin_actions import (
    AcceptForm,
    DeadlineForm,
    DeclineForm,
    MergeForm,
    RemindForm,
    RouteForm,
)
from proposals.forms import (
    AttachmentForm,
    ExtensionForm,
    FeedbackForm,
    ProposalForm,
    ReplyForm,
    SendBackForm,
)
from proposals.models import (
    Assignment,
    CoSignature,
    HandlingUnit,
    Proposal,
    ProposalCategory,
    ProposalRules,
)
from proposals.services import MAX_ATTACHMENTS
from proposals.statistics import GROUPINGS
from proposals.workflow import HANDLED
from sessions.models import Session
from tests.core.documents import PDF

from .helpers import (
    Snapshot,
    admin_action,
    assert_unchanged,
    assert_valid_rows,
    checked,
    fuzz_admin_action,
    fuzz_admin_page,
    isolated,
    per_page,
    row,
    signed_in,
)
from .strategies import date_text, field_value, form_data, number_text, text, uploads

S = Proposal.Status
ALLOWED_TYPES = {"application/pdf", "image/png", "image/jpeg", DOCX}


def assert_proposals_consistent():
    """What the services promise of the items, whatever was posted: the timeline ends in the
    item's status, the handling facts follow the assignments, the limits hold."""
    rules = ProposalRules.current()
    numbers = set()
    for item in Proposal.objects.all():
        last = item.events.order_by("-pk").first()
        assert (last.status_after if last else S.DRAFT) == item.status, item
        if item.number:
            assert (item.term_id, item.number) not in numbers
            numbers.add((item.term_id, item.number))
        if item.status in (S.ACCEPTED, S.ASSIGNED, S.REPLIED, S.TRACKING):
            assert item.number, item
        current = item.assignments.filter(round=item.round, sent_back_at__isnull=True)
        lead = current.filter(role=Assignment.Role.LEAD).first()
        if item.status in HANDLED:
            assert lead is not None, item
        assert set(item.assignments.filter(is_open=True)) == (
            set(current) if item.status in HANDLED else set()
        )
        assert item.lead_deadline == (lead.deadline if item.status == S.ASSIGNED else None)
        assert item.attachments.count() <= MAX_ATTACHMENTS
        assert not item.cosignatures.filter(delegate=item.author_id).exists()
        if item.status == S.DRAFT:
            assert len(item.situation) + len(item.recommendations) <= rules.max_characters
            assert item.title.strip() and item.situation.strip()


# --- Delegates' pages ---------------------------------------------------------------------


@given(data=st.data(), which=st.sampled_from([None, "draft", "submitted"]))
def test_proposal_form(office, data, which):
    item = getattr(office, which) if which else None
    client = signed_in(office.delegate_user)
    with isolated():
        payload = data.draw(form_data(ProposalForm(author=office.author).fields))
        before = Snapshot()
        values = {item: row(item)} if item else {}
        url = f"/proposals/{item.pk}/edit/" if item else "/proposals/new/"
        response = checked(client.post(url, payload))
        if response.status_code == 302 and "/edit/" not in response.url:
            changes = assert_valid_rows(before, *values)
            assert set(changes["created"]) <= {"proposals.Proposal"}
        else:
            assert_unchanged(before, values)
        assert_proposals_consistent()


# The author's steps on an item, each a POST form of its own; anything else is no page (404).
STEP_URLS = {
    "submit": "submit",
    "withdraw": "withdraw",
    "invite": "cosigners",
    "attach": "attachments",
    "rate": "rating",
}


def _action_data(draw, office, action):
    if action == "invite":
        fields = {"cosigners": forms.ModelMultipleChoiceField(queryset=Delegate.objects.all())}
    elif action == "attach":
        fields = AttachmentForm.base_fields
    elif action == "rate":
        fields = FeedbackForm(by_aspect=True).fields
    elif action == "submit":
        fields = {"as_suggestion": forms.BooleanField()}
    else:
        fields = {}
    return draw(form_data(fields))


@given(
    data=st.data(),
    which=st.sampled_from(["draft", "submitted", "accepted", "replied", "assigned"]),
    action=st.one_of(
        st.sampled_from(["submit", "withdraw", "invite", "attach", "rate"]), st.just(""), text
    ),
    by_aspect=st.booleans(),
    as_author=st.booleans(),
)
def test_item_page_actions(office, data, which, action, by_aspect, as_author):
    item = getattr(office, which)
    client = signed_in(office.delegate_user if as_author else office.other_user)
    with isolated():
        ProposalRules.objects.update(rate_by_aspect=by_aspect)
        payload = _action_data(data.draw, office, action)
        before = Snapshot()
        values = {item: row(item)}
        checked(client.post(f"/proposals/{item.pk}/{STEP_URLS.get(action, action)}/", payload))
        if not as_author:
            assert_unchanged(before, values)
        assert_valid_rows(before)
        assert_proposals_consistent()


@example(  # an untitled file whose name is longer than a title (found by fuzzing)
    file=SimpleUploadedFile("a" * 240 + ".pdf", PDF), title=""
)
@given(file=uploads, title=st.one_of(st.just(""), text))
def test_attachments(office, file, title):
    client = signed_in(office.delegate_user)
    with isolated():
        before = Snapshot()
        checked(
            client.post(
                f"/proposals/{office.draft.pk}/attachments/", {"title": title, "file": file}
            )
        )
        changes = assert_valid_rows(before)
        assert set(changes["created"]) <= {"proposals.ProposalAttachment"}
        for attachment in office.draft.attachments.all():
            assert attachment.content_type in ALLOWED_TYPES
        assert_proposals_consistent()


@given(
    invitation=st.one_of(st.just(None), number_text),
    answer=st.one_of(st.sampled_from(["confirm", "decline"]), text),
)
def test_cosignature_answer(office, invitation, answer):
    client = signed_in(office.other_user)
    with isolated():
        if invitation is None:
            invitation = CoSignature.objects.get(proposal=office.draft).pk
        before = Snapshot()
        checked(client.post(f"/proposals/cosign/{invitation}/", {"answer": answer}))
        assert_unchanged(before)  # an answer changes a row, never adds or removes one
        for cosignature in CoSignature.objects.all():
            assert (cosignature.status == "invited") == (cosignature.answered_at is None)


@given(
    data=st.data(),
    which=st.sampled_from(["lead", "co", "replied_lead"]),
    other_unit=st.booleans(),
    step=st.sampled_from(["reply/", "send-back/", ""]),
)
def test_unit_reply_and_send_back(office, data, which, other_unit, step):
    assignment = getattr(office, which)
    client = signed_in(office.other_unit_staff if other_unit else office.unit_staff)
    with isolated():
        fields = {**ReplyForm.base_fields, **SendBackForm.base_fields}
        payload = data.draw(form_data(fields))
        before = Snapshot()
        values = {assignment.proposal: row(assignment.proposal)}
        response = checked(client.post(f"/proposals/unit/items/{assignment.pk}/{step}", payload))
        if response.status_code != 302:
            assert_unchanged(before, values)
        assert_valid_rows(before)
        assert_proposals_consistent()


@given(data=form_data(ExtensionForm.base_fields), which=st.sampled_from(["lead", "co"]))
def test_extension_request(office, data, which):
    assignment = getattr(office, which)
    client = signed_in(office.unit_staff)
    with isolated():
        before = Snapshot()
        checked(client.post(f"/proposals/unit/items/{assignment.pk}/extension/", data))
        assert_valid_rows(before)
        assignment.refresh_from_db()
        if assignment.extension_until is not None:
            assert assignment.extension_until > assignment.deadline
            assert assignment.extension_reason.strip()
        assert_proposals_consistent()


@given(page=st.one_of(number_text, text), who=st.sampled_from(["unit_staff", "nobody"]))
def test_paged_lists(office, page, who):
    with isolated():
        ProposalRules.objects.update(publish_closed_items=True)
        client = signed_in(getattr(office, who))
        before = Snapshot()
        checked(client.get("/proposals/public/", {"page": page}))
        if who == "unit_staff":
            checked(client.get("/proposals/unit/", {"page": page}))
        assert_unchanged(before)


# --- The office's actions -----------------------------------------------------------------

ACTION_FORMS = {
    "accept": AcceptForm,
    "decline": DeclineForm,
    "merge": MergeForm,
    "route": RouteForm,
    "set_deadline": DeadlineForm,
    "remind": RemindForm,
}


@given(
    data=st.data(),
    action=st.sampled_from([*ACTION_FORMS, "delete_selected", "no_such_action"]),
    apply=st.booleans(),
)
def test_office_actions(office, data, action, apply):
    client = signed_in(office.secretariat)
    with isolated():
        fuzz_admin_action(data, client, Proposal, action, ACTION_FORMS, apply=apply, most=4)
        assert_proposals_consistent()


@given(
    data=st.data(),
    action=st.sampled_from(["grant_extension", "refuse_extension"]),
    asked=st.one_of(st.none(), date_text),
)
def test_extension_decisions(office, data, action, asked):
    client = signed_in(office.secretariat)
    with isolated():
        if asked is not None:
            unit_client = signed_in(office.unit_staff)
            url = f"/proposals/unit/items/{office.lead.pk}/extension/"
            checked(unit_client.post(url, {"until": asked, "reason": "需要协调"}))
        pks = [str(pk) for pk in Assignment.objects.values_list("pk", flat=True)]
        selected = data.draw(st.lists(st.one_of(st.sampled_from(pks), number_text), max_size=3))
        before = Snapshot()
        admin_action(client, Assignment, action, selected)
        assert_valid_rows(before)
        for assignment in Assignment.objects.all():
            assert (assignment.extension_until is None) == (assignment.extension_reason == "")
        assert_proposals_consistent()


# The statistics page's choices, as its filter links send them.
STATISTICS_CHOICES = {
    "term": forms.ModelChoiceField(queryset=Term.objects.all()),
    "session": forms.ModelChoiceField(queryset=Session.objects.all(), required=False),
    "group_by": forms.ChoiceField(choices=list(GROUPINGS.items())),
}


@given(
    data=form_data(STATISTICS_CHOICES),
    file_format=st.sampled_from(["", "csv", "xlsx", "html", "pdf"]),
)
def test_statistics_choices(office, data, file_format):
    client = signed_in(office.secretariat)
    with isolated():
        before = Snapshot()
        data = {**data, "format": file_format}
        checked(client.get("/admin/proposals/proposal/statistics/", data))
        assert_unchanged(before)


# --- Every admin page of the app ----------------------------------------------------------

ADMIN_PAGES = [
    (HandlingUnit, None),
    (HandlingUnit, "unit"),
    (ProposalCategory, None),
    (ProposalCategory, "education"),
    (ProposalRules, "proposal_rules"),
    (Proposal, "assigned"),
    (Assignment, "lead"),
]


def _add_seeds(office) -> dict:
    """Right values for the add pages whose forms random values hardly ever pass."""
    return {HandlingUnit: {"name": "镇农业服务中心"}}


@pytest.mark.parametrize(("model", "which"), ADMIN_PAGES)
@settings(max_examples=per_page())
@given(data=st.data())
def test_admin_pages(office, data, model, which):
    """Every add and change page of the app's admin."""
    with isolated():
        fuzz_admin_page(data, office, model, which, _add_seeds(office))
        assert_proposals_consistent()


@given(data=st.data())
def test_category_list_editing(office, data):
    """The category list edits the order of every category in place (a formset)."""
    client = signed_in(office.secretariat)
    with isolated():
        categories = list(ProposalCategory.objects.all())
        payload = {
            "form-TOTAL_FORMS": data.draw(st.sampled_from([str(len(categories)), "0", "x"])),
            "form-INITIAL_FORMS": str(len(categories)),
            "_save": "Save",
        }
        for index, category in enumerate(categories):
            payload[f"form-{index}-id"] = data.draw(
                st.one_of(st.just(str(category.pk)), number_text)
            )
            payload[f"form-{index}-order"] = data.draw(field_value(forms.IntegerField()))
        before = Snapshot()
        values = {category: row(category) for category in categories}
        response = checked(client.post("/admin/proposals/proposalcategory/", payload))
        if response.status_code == 302:
            assert_valid_rows(before, *categories)
        else:
            assert_unchanged(before, values)
