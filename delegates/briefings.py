"""The office's briefings to delegates (通报, 党代表通讯): drafted, published once to their
audience (each delegate told), then read. Each function is atomic and raises ValidationError
in the user's language when it refuses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.notifications import notify
from congress_office.roles import require_office

from .audience import check_same_term, judged_attachment_type, lock_draft
from .briefing_reads import briefing_audience
from .models import Briefing, BriefingRead, Delegate


def _lock_draft(briefing: Briefing) -> None:
    lock_draft(briefing, _("A published briefing can no longer be changed."))


@transaction.atomic
def briefing_draft_save(*, briefing: Briefing, saved_by, new_attachment=None) -> Briefing:
    """Save a draft; a newly uploaded file is judged by its content (a PDF or a DOCX only)."""
    require_office(saved_by)
    _lock_draft(briefing)
    briefing.attachment_type = judged_attachment_type(briefing, new_attachment)
    briefing.save()
    return briefing


@transaction.atomic
def briefing_audience_set(*, briefing: Briefing, delegations, set_by) -> None:
    """Address a draft to chosen delegations of its term (none: every delegate of the term)."""
    require_office(set_by)
    _lock_draft(briefing)
    delegations = list(delegations)
    check_same_term(briefing.term_id, delegations)
    briefing.delegations.set(delegations)


@transaction.atomic
def briefing_publish(*, briefing: Briefing, published_by) -> Briefing:
    """Publish a draft, once, and tell each delegate of its audience who has an account."""
    require_office(published_by)
    briefing = Briefing.objects.select_for_update().select_related("term").get(pk=briefing.pk)
    if briefing.published_at is not None:
        raise ValidationError(_("“%(title)s” is already published.") % {"title": briefing.title})
    audience = list(briefing_audience(briefing).select_related("user"))
    if not audience:
        raise ValidationError(
            _("“%(title)s” is addressed to no active delegate.") % {"title": briefing.title}
        )
    briefing.published_at = timezone.now()
    briefing.published_by = published_by
    briefing.save(update_fields=["published_at", "published_by"])
    notify(
        users=[delegate.user for delegate in audience if delegate.user_id is not None],
        kind="briefing_published",
        params={"title": briefing.title, "term": briefing.term.name},
        url=reverse("delegates:briefing_detail", args=[briefing.pk]),
    )
    return briefing


def briefing_mark_read(*, briefing: Briefing, delegate: Delegate) -> BriefingRead:
    """Record that the delegate has read the briefing; reading again changes nothing."""
    if briefing.published_at is None or not (
        briefing_audience(briefing).filter(pk=delegate.pk).exists()
    ):
        raise ValidationError(_("This briefing is not addressed to you."))
    read, _created = BriefingRead.objects.get_or_create(
        briefing=briefing, delegate=delegate, defaults={"read_at": timezone.now()}
    )
    return read


TEXTS = {
    "briefing_published": lambda p: (
        _("New briefing: %(title)s") % {"title": p["title"]},
        p["term"],
    ),
}
