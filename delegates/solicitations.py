"""Opinion solicitations (意见征集): the office drafts one (topic, documents, questions,
deadline, who is asked), publishes it once (each delegate asked is told), and delegates
answer until the deadline: a draft kept until they send it, changeable until then. Each
function is atomic and raises ValidationError in the user's language when it refuses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.notifications import notify
from congress_office.roles import require_office
from congress_office.wording import written_moment

from .audience import check_same_term, judged_attachment_type, lock_draft
from .models import (
    Delegate,
    QuestionAnswer,
    Solicitation,
    SolicitationQuestion,
    SolicitationResponse,
)
from .solicitation_reads import solicitation_audience

Kind = SolicitationQuestion.Kind
MAX_TEXT = 2000


def _lock_draft(solicitation: Solicitation) -> None:
    lock_draft(solicitation, _("A published solicitation can no longer be changed."))


@transaction.atomic
def solicitation_draft_save(
    *, solicitation: Solicitation, saved_by, new_attachment=None
) -> Solicitation:
    """Save a draft; a newly uploaded file is judged by its content (a PDF or a DOCX only)."""
    require_office(saved_by)
    _lock_draft(solicitation)
    solicitation.attachment_type = judged_attachment_type(solicitation, new_attachment)
    solicitation.save()
    return solicitation


@transaction.atomic
def solicitation_audience_set(
    *, solicitation: Solicitation, delegations=(), delegates=(), set_by
) -> None:
    """Ask chosen delegations and/or chosen delegates of the term (none: every delegate)."""
    require_office(set_by)
    _lock_draft(solicitation)
    delegations, delegates = list(delegations), list(delegates)
    check_same_term(solicitation.term_id, delegations, delegates)
    solicitation.delegations.set(delegations)
    solicitation.delegates.set(delegates)


@transaction.atomic
def solicitation_questions_save(
    *, solicitation: Solicitation, questions=(), removed=(), saved_by
) -> None:
    """Add, change or remove questions of a draft (each checked by the model: a choice
    question offers two choices)."""
    require_office(saved_by)
    _lock_draft(solicitation)
    for question in removed:
        if question.pk is not None:
            question.delete()
    for question in questions:
        question.solicitation = solicitation
        question.full_clean()
        question.save()
    # Numbered 1, 2, 3... in the order given (ties in the order written), as they are shown.
    for number, question in enumerate(solicitation.questions.order_by("order", "pk"), 1):
        if question.order != number:
            SolicitationQuestion.objects.filter(pk=question.pk).update(order=number)


def questions_check(questions) -> None:
    """A solicitation asks at least one question; a choice question offers two choices."""
    if not questions:
        raise ValidationError(_("Add at least one question before publishing."))
    for question in questions:
        if question.has_choices and len(question.choice_labels) < 2:
            raise ValidationError(
                _("“%(question)s” needs at least two choices, one per line.")
                % {"question": question.text}
            )


@transaction.atomic
def solicitation_publish(*, solicitation: Solicitation, published_by) -> Solicitation:
    """Publish a draft, once, and tell each delegate asked who has an account."""
    require_office(published_by)
    solicitation = (
        Solicitation.objects.select_for_update().select_related("term").get(pk=solicitation.pk)
    )
    if solicitation.published_at is not None:
        raise ValidationError(
            _("“%(title)s” is already published.") % {"title": solicitation.title}
        )
    if solicitation.deadline <= timezone.now():
        raise ValidationError(
            _("The deadline of “%(title)s” has passed: set a later one before publishing.")
            % {"title": solicitation.title}
        )
    questions_check(list(solicitation.questions.all()))
    audience = list(solicitation_audience(solicitation).select_related("user"))
    if not audience:
        raise ValidationError(
            _("“%(title)s” is addressed to no active delegate.") % {"title": solicitation.title}
        )
    solicitation.published_at = timezone.now()
    solicitation.published_by = published_by
    solicitation.save(update_fields=["published_at", "published_by"])
    notify(
        users=[delegate.user for delegate in audience if delegate.user_id is not None],
        kind="solicitation_published",
        params={"title": solicitation.title, "deadline": solicitation.deadline.isoformat()},
        url=reverse("delegates:solicitation_answer", args=[solicitation.pk]),
    )
    return solicitation


def _answer_rows(question, value, *, sending: bool) -> list[QuestionAnswer]:
    """The rows holding the delegate's answer to one question, checked."""
    field = f"q{question.pk}"
    values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
    if question.kind == Kind.TEXT:
        text = (values[0] if values else "").strip()
        values = [text] if text else []
    if sending and question.required and not values:
        raise ValidationError({field: _("Please answer this question.")})
    if question.kind == Kind.TEXT:
        if values and len(values[0]) > MAX_TEXT:
            raise ValidationError(
                {field: _("Please keep your answer within %(n)s characters.") % {"n": MAX_TEXT}}
            )
        return [QuestionAnswer(question=question, text=t) for t in values]
    try:
        numbers = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choose one of the answers offered.")}) from None
    if question.kind == Kind.RATING:
        if len(numbers) > 1 or any(not 1 <= n <= 5 for n in numbers):
            raise ValidationError({field: _("Choose a rating from 1 to 5.")})
        return [QuestionAnswer(question=question, rating=n) for n in numbers]
    offered = range(len(question.choice_labels))
    if any(n not in offered for n in numbers) or (question.kind == Kind.ONE and len(numbers) > 1):
        raise ValidationError({field: _("Choose one of the answers offered.")})
    return [QuestionAnswer(question=question, choice=n) for n in numbers]


@transaction.atomic
def response_save(
    *, solicitation: Solicitation, delegate: Delegate, values: dict, send: bool
) -> SolicitationResponse:
    """Keep the delegate's answers (`values`: question pk -> text, choice index(es) or
    rating) as a draft, or send them. Sent answers can be changed and sent again until the
    deadline, not turned back into a draft. Every question is checked before anything is
    written: all the answers are kept, or none."""
    solicitation = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
    if solicitation.published_at is None or not (
        solicitation_audience(solicitation).filter(pk=delegate.pk).exists()
    ):
        raise ValidationError(_("This solicitation is not addressed to you."))
    now = timezone.now()
    if now > solicitation.deadline:
        raise ValidationError(_("The deadline has passed: answers can no longer be changed."))
    response, _created = SolicitationResponse.objects.get_or_create(
        solicitation=solicitation, delegate=delegate
    )
    if response.sent_at is not None and not send:
        raise ValidationError(_("Your answer is already sent: send your changes instead."))
    rows, errors = [], {}
    for question in solicitation.questions.all():
        try:
            rows += _answer_rows(question, values.get(question.pk), sending=send)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    response.answers.all().delete()
    for row in rows:
        row.response = response
    QuestionAnswer.objects.bulk_create(rows)
    if send:
        response.sent_at = now
    response.save()
    return response


def _deadline_text(p) -> str:
    return written_moment(datetime.datetime.fromisoformat(p["deadline"]))


TEXTS = {
    "solicitation_published": lambda p: (
        _("Your opinion is asked: %(title)s") % {"title": p["title"]},
        _("Please answer by %(deadline)s.") % {"deadline": _deadline_text(p)},
    ),
    "solicitation_reminder": lambda p: (
        _("Reminder: please answer “%(title)s”") % {"title": p["title"]},
        _("Please answer by %(deadline)s.") % {"deadline": _deadline_text(p)},
    ),
}
