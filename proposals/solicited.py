"""A delegate's answer to an opinion solicitation, turned by the office into a suggestion
that enters the proposals loop as submitted (logged, as an opinion heard on a reception day
is), keeping the link to the answer both ways. Once per answer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegates.models import QuestionAnswer, SolicitationResponse

from .models import Proposal, ProposalCategory, ProposalEvent
from .notices import tell_made_from_answer
from .services import proposal_log_received


def answer_text(response: SolicitationResponse) -> tuple[str, str]:
    """What the answer says, to start the suggestion from: (situation, recommendations):
    each question with its answer, and the free-text answers alone. Two queries."""
    rows = {}
    for row in QuestionAnswer.objects.filter(response=response).order_by("pk"):
        rows.setdefault(row.question_id, []).append(row)
    lines, free = [], []
    for question in response.solicitation.questions.all():
        given = rows.get(question.pk, [])
        if question.kind == question.Kind.TEXT:
            value = given[0].text if given else ""
            if value:
                free.append(value)
        elif question.kind == question.Kind.RATING:
            value = str(given[0].rating) if given else ""
        else:
            labels = question.choice_labels
            value = "、".join(labels[r.choice] for r in given if r.choice < len(labels))
        lines.append(f"{question.text}\n{value or '—'}")
    return "\n\n".join(lines), "\n\n".join(free)


@transaction.atomic
def proposal_from_answer(
    *,
    response: SolicitationResponse,
    title: str,
    situation: str,
    recommendations: str,
    made_by,
    category: ProposalCategory | None = None,
) -> Proposal:
    """Make a suggestion from a sent answer, in its delegate's name; they are told."""
    response = (
        SolicitationResponse.objects.select_for_update(of=("self",))
        .select_related("delegate__user", "solicitation")
        .get(pk=response.pk)
    )
    if response.sent_at is None:
        raise ValidationError(_("Only a sent answer can be turned into a suggestion."))
    made = Proposal.objects.filter(solicitation_response=response).first()
    if made is not None:
        raise ValidationError(
            _("This answer is already the suggestion “%(title)s”.") % {"title": str(made)}
        )
    proposal = proposal_log_received(
        Proposal(
            author=response.delegate,
            kind=Proposal.Kind.SUGGESTION,
            source=Proposal.Source.SOLICITATION,
            solicitation_response=response,
            title=title,
            situation=situation,
            recommendations=recommendations,
            category=category,
        ),
        logged_by=made_by,
        action=ProposalEvent.Action.ANSWER_LOGGED,
    )
    tell_made_from_answer(proposal, response.solicitation.title)
    return proposal
