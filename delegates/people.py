"""People as the office knows them: by their name in the roster and their delegation (or work
unit), not by their login. The tellers' pickers of evaluations and elections offer these."""

from django import forms
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from congress_office.admin_autocomplete import search_words
from congress_office.wording import in_brackets

from .models import Delegate


def people_by_name(users, *, term=None):
    """The users, each with `person_name` (their name in the term's roster, or else in their
    latest term's, or else the account's own name, or else the login) and `person_where`
    (their delegation, or work unit; for office staff without a record, empty), ordered by
    name. The pickers show and search these, as the office knows people by them."""
    records = Delegate.objects.filter(user=OuterRef("pk"))
    records = (
        records.filter(term=term) if term is not None else records.order_by("-term__start_date")
    )
    account_name = NullIf(Trim(Concat("last_name", "first_name")), Value(""))
    return users.annotate(
        person_name=Coalesce(
            Subquery(records.values("name")[:1]),
            account_name,
            F("username"),
            output_field=CharField(),
        ),
        person_where=Coalesce(
            Subquery(records.values("delegation__name")[:1]),
            Subquery(records.values("work_unit")[:1]),
            Value(""),
            output_field=CharField(),
        ),
    ).order_by("person_name", "username")


def person_label(user) -> str:
    """A user as the pickers show them: "张代表（第一代表团）"."""
    if not user.person_where:
        return user.person_name
    return in_brackets(user.person_name, user.person_where)


def names_not_offered(users, offered) -> list[str]:
    """The names (or logins) of the users that the queryset `offered` leaves out, sorted:
    whom a service refuses to give a duty, naming them. One query."""
    allowed = set(offered.filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    return sorted(u.get_full_name() or u.get_username() for u in users if u.pk not in allowed)


# What a picker of people searches: what it shows, and the login.
PEOPLE_SEARCHED = ["person_name", "person_where", "username"]


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """Users offered by name and delegation (a queryset of `people_by_name`), which the
    picker searches too."""

    def label_from_instance(self, obj):
        return person_label(obj)

    def search(self, queryset, term):
        return search_words(queryset, term, PEOPLE_SEARCHED)


class PersonChoiceField(forms.ModelChoiceField):
    """One user, offered and searched as `PeopleChoiceField` offers many."""

    def label_from_instance(self, obj):
        return person_label(obj)

    def search(self, queryset, term):
        return search_words(queryset, term, PEOPLE_SEARCHED)
