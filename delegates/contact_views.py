"""A committee member's pages, on their phone: the delegates they keep in touch with (when
each was last contacted), and a contact logged in a few taps. Reached through the duty's menu
entry; every page checks that the delegate is the member's own."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office.forms import run_step

from .contact_reads import (
    assignment_for_member,
    contacts_between,
    half_year_start,
    member_delegates,
)
from .contacts import contact_log
from .models import Contact


class ContactForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    way = forms.ChoiceField(
        label=gettext_lazy("Way"), choices=Contact.Way.choices, widget=forms.RadioSelect
    )
    raised = forms.CharField(
        label=gettext_lazy("What was raised"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=Contact._meta.get_field("raised").help_text,
    )


@login_required
def my_contacts(request):
    """The member's delegates, those not contacted this half year first; 404 for anyone who
    keeps in touch with none."""
    today = timezone.localdate()
    assignments = member_delegates(request.user, today)
    if not assignments:
        raise Http404
    return render(
        request,
        "delegates/contacts.html",
        {
            "assignments": assignments,
            "since": half_year_start(today),
            "due": sum(a.due for a in assignments),
        },
    )


@login_required
def contact_new(request, delegate_pk):
    """Log a contact with one of the member's delegates; below the form, their contacts so
    far."""
    assignment = assignment_for_member(request.user, delegate_pk)
    form = ContactForm(request.POST or None, initial={"date": timezone.localdate()})
    logged = request.method == "POST" and run_step(
        request,
        form,
        lambda fields: contact_log(
            member=assignment.member,
            delegate=assignment.delegate,
            recorded_by=request.user,
            **fields,
        ),
        success=_("The contact with %(name)s is logged.") % {"name": assignment.delegate.name},
        still_offered=lambda: True,
    )
    if logged:
        return redirect("delegates:my_contacts")
    return render(
        request,
        "delegates/contact_form.html",
        {
            "assignment": assignment,
            "form": form,
            "contacts": contacts_between(assignment.member, assignment.delegate),
        },
    )
