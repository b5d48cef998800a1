"""The office's bulk actions on items: each asks for what it needs on an intermediate page,
then calls the service item by item, reporting the refusals."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress_office.admin_helpers import action_with_form

from .inquiries import meeting_answer_record
from .models import HandlingUnit, Proposal, ProposalCategory, ProposalEvent, Reply
from .reply_steps import reply_reclassify, reply_release, reply_return
from .services import (
    MERGE_TARGETS,
    deadline_set,
    proposal_accept,
    proposal_decline,
    proposal_merge,
    proposal_remind,
    proposal_route,
)

A = ProposalEvent.Action


class AcceptForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProposalCategory.objects)
    as_suggestion = forms.BooleanField(label=_("Accept as a suggestion"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the delegate will read it)"), widget=forms.Textarea)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Handle together with"),
        queryset=Proposal.objects.filter(status__in=MERGE_TARGETS).order_by("number"),
    )


class RouteForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("Lead unit"),
        queryset=HandlingUnit.objects,
        required=False,
        help_text=_("Left empty, an inquiry goes to the department it is about."),
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-handling units"), queryset=HandlingUnit.objects, required=False
    )
    responsible_person = forms.CharField(
        label=_("Responsible person"), max_length=100, required=False
    )


class MeetingAnswerForm(forms.Form):
    held_on = forms.DateField(
        label=_("Meeting held on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    speaker = forms.CharField(label=_("Answered for the department by"), max_length=200)
    result = forms.ChoiceField(label=_("Result"), choices=Reply.Result.choices)
    minutes = forms.CharField(
        label=_("Minutes: what the department answered"), widget=forms.Textarea
    )


def _lead_unit(item, chosen):
    """The unit chosen, or for an inquiry without one, the department it is about."""
    lead = chosen or item.inquired_unit
    if lead is None:
        raise ValidationError(_("Choose the lead unit."))
    return lead


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline of the lead unit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason (the unit will read it)"), widget=forms.Textarea)


class RemindForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the units (optional)"), widget=forms.Textarea, required=False
    )


class ReleaseForm(forms.Form):
    """Nothing to ask: the intermediate page lists the replies' items to confirm."""


class ReturnReplyForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the unit will read it)"), widget=forms.Textarea)


class ReclassifyForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Reply.Result.choices)
    reason = forms.CharField(
        label=_("Why (the unit will read it; optional)"), widget=forms.Textarea, required=False
    )


def _action(name, step, form_class, description, apply):
    """An action that asks for `form_class` on the proposals' intermediate page, then runs
    `apply(item, cleaned_data, user)`, a service, on each selected item. `step` is the
    workflow's step it takes: pages offer the action where the table allows the step."""
    action = action_with_form(
        name=name,
        description=description,
        form_class=form_class,
        apply=apply,
        template="admin/proposals/action_form.html",
        done=lambda n: ngettext("%(n)d item done.", "%(n)d items done.", n) % {"n": n},
    )
    action.step = step
    return action


accept = _action(
    "accept",
    A.ACCEPTED,
    AcceptForm,
    _("Accept"),
    lambda item, data, user: proposal_accept(
        proposal=item,
        category=data["category"],
        accepted_by=user,
        as_suggestion=data["as_suggestion"],
    ),
)
decline = _action(
    "decline",
    A.DECLINED,
    DeclineForm,
    _("Decline"),
    lambda item, data, user: proposal_decline(
        proposal=item, reason=data["reason"], declined_by=user
    ),
)
merge = _action(
    "merge",
    A.MERGED,
    MergeForm,
    _("Merge into another item"),
    lambda item, data, user: proposal_merge(proposal=item, into=data["into"], merged_by=user),
)
route = _action(
    "route",
    A.ROUTED,
    RouteForm,
    _("Route to handling units"),
    lambda item, data, user: proposal_route(
        proposal=item,
        lead=_lead_unit(item, data["lead"]),
        co_units=data["co_units"],
        routed_by=user,
        responsible_person=data["responsible_person"],
    ),
)
set_deadline = _action(
    "set_deadline",
    A.DEADLINE_SET,
    DeadlineForm,
    _("Set the deadline"),
    lambda item, data, user: deadline_set(
        proposal=item, deadline=data["deadline"], reason=data["reason"], set_by=user
    ),
)
remind = _action(
    "remind",
    A.REMINDED,
    RemindForm,
    _("Remind the units"),
    lambda item, data, user: proposal_remind(proposal=item, reminded_by=user, note=data["note"]),
)
release_reply = _action(
    "release_reply",
    A.RELEASED,
    ReleaseForm,
    _("Release the reply to the delegate"),
    lambda item, data, user: reply_release(proposal=item, released_by=user),
)
return_reply = _action(
    "return_reply",
    A.REPLY_RETURNED,
    ReturnReplyForm,
    _("Send the reply back to the unit"),
    lambda item, data, user: reply_return(proposal=item, reason=data["reason"], returned_by=user),
)
reclassify_reply = _action(
    "reclassify_reply",
    A.RECLASSIFIED,
    ReclassifyForm,
    _("Change the reply's result"),
    lambda item, data, user: reply_reclassify(
        proposal=item, result=data["result"], reason=data["reason"], changed_by=user
    ),
)
answered_at_meeting = _action(
    "answered_at_meeting",
    A.ANSWERED_AT_MEETING,
    MeetingAnswerForm,
    _("Record an inquiry's answer at a meeting"),
    lambda item, data, user: meeting_answer_record(proposal=item, recorded_by=user, **data),
)
