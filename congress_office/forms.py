from dataclasses import dataclass
from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template import loader

from .enqueue import enqueue_on_commit


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the message goes out through Celery after the request commits,
    so a slow mail server never holds up the page."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from .tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        enqueue_on_commit(send_email, subject=subject, body=body, to=[to_email])


class _UserNameLengthChecked:
    """Django's sign-in form puts the user name's maximum length on the widget only, so the
    server passed any longer name on to authenticate(), and django-axes, recording the failed
    attempt, could not store it: a server error. The length is checked like any field's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class SignInForm(_UserNameLengthChecked, AuthenticationForm):
    pass


class AdminSignInForm(_UserNameLengthChecked, AdminAuthenticationForm):
    pass


def show_refusal(form, error: ValidationError) -> None:
    """A service's refusal on the form: each message next to its field, those about a field
    the form lacks at the form's top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@dataclass(frozen=True)
class Applied:
    """What `apply_service` answers: whether the service took its step (`done`: it returned;
    a refusal is a ValidationError, never a value) and what it returned, None included.
    True exactly when done, so `if apply_service(...):` reads as "if it was done"."""

    done: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.done


def apply_service(form, call, *, request=None, success: str = "") -> Applied:
    """The one way a page runs a service and reports its answer. `call()` runs the service. A
    service refuses only by raising a ValidationError: its messages land on the form's fields
    (those the form lacks at the form's top), or with no form as an error message on the page
    the user sees next, and the answer is not done. Otherwise the answer is done with what
    the call returned, whatever it is, and with a request and a `success` text the user is
    told so."""
    from django.contrib import messages

    try:
        result = call()
    except ValidationError as error:
        if form is None:
            if request is None:
                raise
            messages.error(request, " ".join(error.messages))
        else:
            show_refusal(form, error)
        return Applied(done=False)
    if request is not None and success:
        messages.success(request, success)
    return Applied(done=True, result=result)


def run_step(request, form, call, *, success: str, still_offered) -> bool:
    """A page's step: when `form` is valid, `call(arguments)` through `apply_service`, where
    `arguments` are the form's cleaned data as the service takes them (`service_arguments`).
    Returns whether it was done. A refusal stands next to the form's fields; a refusal of a
    step the page no longer offers (`still_offered()` is false: the object moved on
    meanwhile) has no form to stand next to, so it is said at the top of the page instead."""
    from django.contrib import messages

    if not form.is_valid():
        return False
    if apply_service(form, lambda: call(service_arguments(form)), request=request, success=success):
        return True
    if not still_offered():
        for error in form.non_field_errors():
            messages.error(request, error)
    return False


def service_arguments(form) -> dict:
    """The form's cleaned data as a service's keyword arguments: every field but those the
    form names in `confirmation_fields`, boxes that only ask the user to confirm a step that
    cannot be undone (checked by the form, meaning nothing to the service)."""
    leave_out = getattr(form, "confirmation_fields", ())
    return {name: value for name, value in form.cleaned_data.items() if name not in leave_out}
