"""The handling unit's forms on its item page, their fields as `{% include "form_snippet.html"
with form=... %}` writes them (decision 436).

Each of the page's forms was made (its fields deep-copied) and its fields written on every
opening, shown or not: most of a millisecond for the four, the same text every time for a form
that is not bound, has no initial value from the request, the day or the database, and whose
fields do not depend on the item (a reply with no co-handling view to tick). That text is
written once per process, form class and language (`kept_text`: emptied when a setting
changes); a bound form (a refused step, shown with
what was typed and its errors) and a reply form listing views to tick are written as before."""

from django.template.loader import render_to_string

from congress_office.kept_text import kept, kept_store, language_key

# {(form class, language_key()): an unbound form's fields as form_snippet.html writes them}
_UNBOUND = kept_store()


def fields_written(form) -> str:
    """form_snippet.html's text for `form`."""
    return render_to_string("form_snippet.html", {"form": form})


def unbound_fields_written(form_class) -> str:
    """`fields_written(form_class())`, written once per process and language: the class takes
    no argument and its fields and initial values are the same on every request."""
    key = (form_class, *language_key())
    return kept(_UNBOUND, key, lambda: fields_written(form_class()), most=64)
