"""An editable change list's formset class made once per process (decision 453).

For a list with `list_editable`, Django makes on every opening a form class of the model
(`get_changelist_form`) and a formset class around it (`get_changelist_formset`), each
editable field's form field and widget again: a twelfth of the categories' list's view. Here
that class is kept as the change and add pages' classes are (kept_form_classes.py: keyed by
the admin, what it is made of, the language and the account's permission answers; a posted
list's formset, which validates, is made anew)."""

from .kept_form_classes import kept_class


class KeptListFormSet:
    """For a model admin with `list_editable` (before OfficeModelAdmin)."""

    def get_changelist_formset(self, request, **kwargs):
        key = ("list formset", self, tuple(self.list_editable), kwargs)
        return kept_class(request, key, lambda: super(KeptListFormSet, self).get_changelist_formset(
            request, **kwargs))  # fmt: skip
