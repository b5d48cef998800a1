"""Helpers for admin forms whose saving is done by a service."""

from django.core.exceptions import ValidationError


def apply_service(form, call):
    """Run a service for an admin form; its ValidationError lands on the form's fields."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def form_checked_by(form_class, check):
    """A subclass of an admin form whose clean() also runs `check(form)`, a call into the
    services; a ValidationError it raises is shown on the form's fields."""

    class Form(form_class):
        def clean(self):
            cleaned = super().clean()
            if not self.errors:
                apply_service(self, lambda: check(self))
            return cleaned

    return Form
