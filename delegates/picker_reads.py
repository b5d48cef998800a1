"""The chosen rows of the pickers on a delegate's and a committee member's change pages, read
by statements written once (`written_once.instances`, run prepared) instead of through the
pickers' querysets, which the ORM wrote anew on every opening: on the member's page the two
pickers' reads (the account with its name in the roster, the delegates with their
delegations) were a quarter of the page's CPU, on the delegate's the delegation's a tenth
(decision 427).

Each statement depends on one key alone; what else the picker's queryset asks (the term, an
active status, an active account) is asked of the rows read here, so a picker shows the rows
its own queryset would, in its order. Anything else (keys a page was posted with, a key the
column cannot hold) is read by the picker's queryset, as before."""

from django.contrib.auth import get_user_model

from congress_office.admin_autocomplete import _held, _keys, _picker, chosen_read_by
from congress_office.written_once import instances

from .models import Delegate, Delegation
from .people import people_by_name

KEEP = True  # Off: each picker reads its chosen rows through its queryset (the tests compare)


def _one(form, name: str):
    """(the picker of field `name`, its one chosen key) when one key a column can hold is
    chosen, else None."""
    picker = _picker(form.fields[name]) if KEEP and name in form.fields else None
    if picker is None:
        return None
    field, keys = _keys(picker, picker.format_value(form[name].value()))
    if len(keys) != 1 or not _held(field, keys[0], picker.choices.queryset.db):
        return None
    return picker, keys[0]


def chosen_delegation(form, term_id) -> None:
    """The delegate's delegation picker (its term's delegations): the one chosen, by its key
    (without the delegations' order, through their terms: nothing to order in one row)."""
    if _one(form, "delegation") is None:
        return
    chosen_read_by(
        form,
        "delegation",
        lambda keys: [
            delegation
            for delegation in instances(
                "picker: a delegation",
                lambda pk: Delegation.objects.filter(pk=pk).order_by(),
                keys[0],
            )
            if delegation.term_id == term_id
        ],
    )


def _chosen_person(pk) -> list:
    """The active account `pk`, named as the people pickers name it (`people_by_name`)."""
    users = get_user_model().objects.filter(is_active=True)
    return instances("picker: a person", lambda pk: people_by_name(users).filter(pk=pk), pk)


def chosen_member_rows(form, assigned: list | None) -> None:
    """The committee member's pickers: its account, and its delegates when they are those
    assigned to it (the page as opened), read by the member's key, of its term."""
    member = form.instance
    if _one(form, "user") is not None:
        chosen_read_by(form, "user", lambda keys: _chosen_person(keys[0]))
    picker = _picker(form.fields["delegates"]) if KEEP and "delegates" in form.fields else None
    if member.pk is None or picker is None:
        return
    keys = _keys(picker, picker.format_value(form["delegates"].value()))[1]
    if sorted(keys) != assigned:
        return

    def read(_keys):
        # The member's delegates in the picker's order (name, key), with their delegations;
        # one assignment a delegate, so each once. Assigned, they are offered if of its term.
        rows = instances(
            "picker: a member's delegates",
            lambda pk: (
                Delegate.objects.select_related("delegation")
                .filter(committee_contact__member=pk)
                .order_by("name", "pk")
            ),
            member.pk,
        )
        return [row for row in rows if row.term_id == member.term_id]

    chosen_read_by(form, "delegates", read)
