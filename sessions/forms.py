from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Attendance


class CheckInForm(forms.Form):
    delegate = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    method = forms.ChoiceField(
        choices=[(m.value, m.label) for m in Attendance.Method if m != Attendance.Method.ADMIN]
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or work unit"), required=False, max_length=100)
    delegation = forms.IntegerField(required=False, widget=forms.HiddenInput)
