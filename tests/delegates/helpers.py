import datetime

from delegates.services import delegate_enter
from tests.core.factories import office_user
from tests.delegates.factories import DelegateFactory

ELECTION_DAY = datetime.date(2022, 1, 1)


def enter(term, unit, *, kind="elected", day=ELECTION_DAY, name=None, **fields):
    """A delegate entered through the service, with the factory's facts."""
    facts = DelegateFactory.build(term=term, electoral_unit=unit)
    values = {
        field: getattr(facts, field)
        for field in ("gender", "ethnicity", "birth_date", "education", "occupation", "work_unit")
    }
    values.update(fields)
    return delegate_enter(
        term=term,
        kind=kind,
        effective_date=day,
        decision_reference="选举结果公告",
        recorded_by=office_user(),
        name=name or facts.name,
        electoral_unit=unit,
        delegation=fields.pop("delegation", None),
        **{k: v for k, v in values.items() if k != "delegation"},
    )


def message_starting(expected: str) -> str:
    """A string equal to any message that starts with `expected`: Django adds details to
    some of its messages (compare `{"message": message_starting("Enter a valid date.")}`)."""

    class Prefix(str):
        def __eq__(self, other):
            return isinstance(other, str) and other.startswith(expected)

        __hash__ = str.__hash__

    return Prefix(expected)
