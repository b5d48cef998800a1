"""Who a message of the office is for (a briefing, a solicitation): the term's active
delegates, narrowed to chosen delegations and/or chosen people; nothing chosen means every
active delegate of the term. A delegate whose duties are suspended or who has left is not
addressed (decision 140). Shared so that each kind of message says the same."""

from itertools import groupby

from django.core.exceptions import ValidationError
from django.db.models import Exists, Q
from django.utils.translation import gettext as _

from congress_office.uploads import DOCX, PDF, document_content_type

from .models import Delegate


def addressed_delegates(term_id, chosen_delegations, chosen_people=None):
    """The active delegates of the term addressed by the chosen rows: `chosen_delegations`
    a queryset of the M2M's through rows (with `delegation_id`), `chosen_people` likewise
    (with `delegate_id`) or None when the message has no people to choose. One query."""
    active = Delegate.objects.filter(term_id=term_id, status=Delegate.Status.ACTIVE)
    addressed = Q(delegation__in=chosen_delegations.values("delegation_id"))
    nothing_chosen = ~Exists(chosen_delegations)
    if chosen_people is not None:
        addressed |= Q(pk__in=chosen_people.values("delegate_id"))
        nothing_chosen &= ~Exists(chosen_people)
    return active.filter(addressed | nothing_chosen)


def addressed_to(delegate: Delegate, chosen_delegations, chosen_people=None) -> Q:
    """A filter on the messages addressed to `delegate`, for a queryset of messages: the
    through querysets are filtered on OuterRef("pk") by the caller's field name."""
    nothing_chosen = ~Exists(chosen_delegations)
    mine = Exists(chosen_delegations.filter(delegation_id=delegate.delegation_id))
    if chosen_people is not None:
        nothing_chosen &= ~Exists(chosen_people)
        mine |= Exists(chosen_people.filter(delegate_id=delegate.pk))
    return Q(nothing_chosen) | Q(mine)


def judged_attachment_type(message, new_attachment) -> str:
    """The content type of a message's attachment: a newly uploaded file judged by its
    content (a PDF or a DOCX only), else the stored one's, or "" when there is none.
    Raises ValidationError on the `attachment` field."""
    if new_attachment is None:
        return message.attachment_type if message.attachment else ""
    try:
        content_type = document_content_type(new_attachment)
    except ValidationError as error:
        raise ValidationError({"attachment": error.messages}) from error
    if content_type not in (PDF, DOCX):
        raise ValidationError({"attachment": _("Attach a PDF or a Word document (DOCX).")})
    return content_type


def check_same_term(term_id, delegations=(), people=()) -> None:
    """Chosen delegations and people must be of the message's term."""
    for delegation in delegations:
        if delegation.term_id != term_id:
            raise ValidationError(
                {
                    "delegations": _("%(name)s is a delegation of another term.")
                    % {"name": delegation.name}
                }
            )
    for person in people:
        if person.term_id != term_id:
            raise ValidationError(
                {"delegates": _("%(name)s is a delegate of another term.") % {"name": person.name}}
            )


def split_by_delegation(audience, attribute: str) -> tuple[list, int, int]:
    """The audience (ordered by delegation) grouped by delegation, each group split into the
    delegates whose `attribute` is set (who have read, who have answered) and the others:
    ([(delegation, done, others)], how many done, how many not)."""
    groups = []
    for delegation, members in groupby(audience, key=lambda d: d.delegation):
        members = list(members)
        done = [d for d in members if getattr(d, attribute) is not None]
        groups.append((delegation, done, [d for d in members if getattr(d, attribute) is None]))
    done_count = sum(len(done) for _d, done, _o in groups)
    return groups, done_count, sum(len(others) for _d, _s, others in groups)


def lock_draft(message, refusal: str) -> None:
    """Lock a saved message's row for the change being made, refused (`refusal`) once it is
    published: a publication at the same time waits, then the change is refused."""
    if message.pk is None:
        return
    published = (
        type(message)
        .objects.select_for_update()
        .filter(pk=message.pk)
        .values_list("published_at", flat=True)
        .first()
    )
    if published is not None:
        raise ValidationError(refusal)
