"""`{% form_fields form %}` writes what `form_snippet.html`'s loop wrote, to the character
(decision 327): fields of every kind (text, select, radio, checkboxes, a single checkbox, a
file, a date), help text with markup kept as `|safe` kept it, labels and errors with
characters to escape, errors on fields and on the form, in both languages and with
autoescaping off."""

import pytest
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.template import Context, Template
from django.utils import translation

from proposals.forms import (
    AttachmentForm,
    ConsultationForm,
    ExtensionForm,
    FeedbackForm,
    ProposalForm,
    ReplyForm,
    SendBackForm,
    SubmitForm,
    WithdrawForm,
)

# form_snippet.html as it was, kept here as the reference.
REFERENCE = """{% load i18n %}{% if form.non_field_errors %}
<div class="form-errors" role="alert">{{ form.non_field_errors }}</div>
{% endif %}
{% for field in form %}
<div class="field{% if field.errors %} field-invalid{% endif %}">
  {% if field.widget_type == "checkbox" %}<label class="checkbox" for="{{ field.id_for_label }}">{{ field }} {{ field.label }}</label>{% else %}<label for="{{ field.id_for_label }}">{{ field.label }}</label>
  {{ field }}{% endif %}
  {% if field.help_text %}<div class="help" id="{{ field.id_for_label }}_helptext">{{ field.help_text|safe }}</div>{% endif %}
  {% for error in field.errors %}<div class="error" role="alert">{{ error }}</div>{% endfor %}
</div>
{% endfor %}
"""  # noqa: E501


class Odd(forms.Form):
    """Labels, help and errors with characters to escape, and an error of the whole form."""

    name = forms.CharField(label='<b>名</b> "&"', help_text="<em>帮助</em> & 说明", max_length=2)
    agree = forms.BooleanField(label="同意 <i>&</i>", help_text="勾选")
    kinds = forms.MultipleChoiceField(
        choices=[("a", "<甲>"), ("b", "乙&")], widget=forms.CheckboxSelectMultiple
    )
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("整张表 <不对> & 错")


def _forms(db_author):
    return {
        "odd unbound": Odd(),
        "odd bound": Odd({"name": "<太长>", "kinds": ["x"]}),
        "odd valid but for the form": Odd({"name": "a", "agree": "on", "kinds": ["a"]}),
        "proposal": ProposalForm(author=db_author),
        "proposal posted": ProposalForm({"kind": "nonsense"}, author=db_author),
        "reply": ReplyForm(),
        "reply posted": ReplyForm({"result": "Z"}),
        "consultation": ConsultationForm(),
        "consultation posted": ConsultationForm({"way": "x", "held_on": "not a day"}),
        "extension": ExtensionForm(),
        "send back": SendBackForm({}),
        "attachment": AttachmentForm(),
        "submit": SubmitForm(),
        "withdraw posted": WithdrawForm({}),
        "feedback": FeedbackForm(by_aspect=True),
        "feedback posted": FeedbackForm({"overall": "9"}, by_aspect=False),
        "password change posted": PasswordChangeForm(
            user=db_author.user, data={"old_password": "wrong", "new_password1": "a"}
        ),
        "password change": PasswordChangeForm(user=db_author.user),
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_fields_are_the_former_loops(author, language, autoescape):
    reference, written = Template(REFERENCE), Template("{% load site_form %}{% form_fields form %}")
    with translation.override(language):
        for name, form in _forms(author).items():
            expected = reference.render(Context({"form": form}, autoescape=autoescape))
            assert written.render(Context({"form": form}, autoescape=autoescape)) == expected, name


def test_the_snippet_is_the_tag(author):
    form = Odd({"name": "<太长>"})
    snippet = Template('{% include "form_snippet.html" %}').render(Context({"form": form}))
    assert snippet == Template(REFERENCE).render(Context({"form": form}))
    assert "&lt;b&gt;名&lt;/b&gt;" in snippet and "<em>帮助</em>" in snippet
    assert "整张表 &lt;不对&gt; &amp; 错" in snippet
