"""Evaluation pages: delegates vote, tellers enter paper counts, the office reads the results.

The ballot's choices travel only in the POST bodies of the review and submit steps: they are
never stored in the session, the cache, messages or logs, and error reports leave them out
(sensitive_post_parameters). Ballot pages are not cached by the browser (never_cache)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from congress_office.access import role_required
from congress_office.audit_trail import record_export
from congress_office.forms import apply_service
from congress_office.roles import Role
from congress_office.tabular import table_response

from .access import get_ballot_for_voter, get_evaluation_for_teller, get_evaluation_for_voter
from .forms import BallotForm, PaperHandOutForm, PaperRoundForm
from .models import Evaluation
from .printing import blank_ballots_pdf, results_pdf
from .results import (
    evaluation_results,
    results_cache_key,
    results_published,
    results_table,
)
from .selectors import ballot_parts, evaluation_counts, open_evaluations_for_voter
from .services import ballot_cast, paper_ballots_hand_out, paper_round_enter, voting_refusal
from .tellers import evaluations_tallied_by


@role_required(Role.DELEGATE)
def my_evaluations(request):
    return render(
        request,
        "evaluations/my_evaluations.html",
        {
            "evaluations": open_evaluations_for_voter(request.user),
            "tallied": evaluations_tallied_by(request.user).filter(status=Evaluation.Status.OPEN),
        },
    )


@sensitive_post_parameters()
@never_cache
@login_required
def ballot(request, pk):
    """The ballot (GET), its review (POST action=review: the choices in hidden fields, with
    "change" and "submit"), and casting it (POST action=submit). Once cast, only "you have
    voted": the ballot can never be seen or changed."""
    # The signed-in menu is read with the ballot unless the request only casts it (decision 266).
    shows_page = request.method != "POST" or request.POST.get("action") != "submit"
    evaluation, status, (subjects, criteria) = get_ballot_for_voter(
        request.user, pk, menu=shows_page
    )
    if status["voted"]:
        return render(request, "evaluations/voted.html", {"evaluation": evaluation})
    refusal = voting_refusal(evaluation)
    if status["on_paper"]:
        refusal = _(
            "You have received a paper ballot in this evaluation: fill that in. Whoever takes "
            "a paper ballot cannot also vote online."
        )
    elif not status["entitled"]:
        refusal = _(
            "You are not entitled to vote in this evaluation: it is for the delegates checked "
            "in at the session. If you think this is wrong, ask the congress office."
        )
    if refusal:
        return render(
            request,
            "evaluations/refused.html",
            {"evaluation": evaluation, "refusal": refusal},
            status=403,
        )
    data = request.POST if request.method == "POST" else None
    form = BallotForm(data, evaluation=evaluation, subjects=subjects, criteria=criteria)
    action = request.POST.get("action")
    if data is not None and form.is_valid():
        if action == "review":
            return render(
                request,
                "evaluations/review.html",
                {"evaluation": evaluation, "summary_lines": form.summary_markup()},
            )
        if action == "submit":
            cast = apply_service(
                None,
                lambda: ballot_cast(
                    evaluation=evaluation,
                    user=request.user,
                    choices=form.choices(),
                    parts=(subjects, criteria),
                ),
                request=request,
            )
            return redirect("evaluations:voted" if cast else "evaluations:ballot", evaluation.pk)
    return render(request, "evaluations/ballot.html", {"evaluation": evaluation, "form": form})


@never_cache
@login_required
def voted(request, pk):
    """The confirmation after casting: that the ballot is in, nothing of what it said."""
    evaluation, status = get_evaluation_for_voter(request.user, pk)
    if not status["voted"]:
        return redirect("evaluations:ballot", evaluation.pk)
    return render(request, "evaluations/voted.html", {"evaluation": evaluation, "just_voted": True})


# --- Tellers ----------------------------------------------------------------------------


@login_required
def tally_home(request):
    """The evaluations the user counts paper ballots for; 404 for anyone who counts none."""
    evaluations = list(evaluations_tallied_by(request.user).select_related("session"))
    if not evaluations:
        raise Http404
    return render(request, "evaluations/tally_home.html", {"evaluations": evaluations})


def _tally_page(request, evaluation, *, form=None, hand_out_form=None):
    """The tellers' page: who has received a paper ballot (how many), the rounds, and the
    forms to record ballots handed out and to enter a round (bound ones show their errors)."""
    subjects, criteria = ballot_parts(evaluation)
    return render(
        request,
        "evaluations/tally.html",
        {
            "evaluation": evaluation,
            "form": form
            or PaperRoundForm(evaluation=evaluation, subjects=subjects, criteria=criteria),
            "hand_out_form": hand_out_form or PaperHandOutForm(evaluation=evaluation),
            "counts": evaluation_counts(evaluation),
            "is_open": evaluation.status == Evaluation.Status.OPEN,
            "rounds": evaluation.paper_rounds.select_related("entered_by"),
        },
    )


@login_required
@require_POST
def hand_out(request, pk):
    """Tellers record the delegates who received a paper ballot; everybody else gets 404."""
    evaluation = get_evaluation_for_teller(request.user, pk)
    form = PaperHandOutForm(request.POST, evaluation=evaluation)
    if form.is_valid() and apply_service(
        form,
        lambda: paper_ballots_hand_out(
            evaluation=evaluation,
            delegates=form.cleaned_data["delegates"],
            handed_out_by=request.user,
        ),
        request=request,
        success=_("The paper ballots handed out are recorded."),
    ):
        return redirect("evaluations:tally", evaluation.pk)
    return _tally_page(request, evaluation, hand_out_form=form)


@login_required
def tally(request, pk):
    """Tellers enter a round of paper ballots; everybody else gets 404."""
    evaluation = get_evaluation_for_teller(request.user, pk)
    if request.method != "POST":
        return _tally_page(request, evaluation)
    subjects, criteria = ballot_parts(evaluation)
    form = PaperRoundForm(request.POST, evaluation=evaluation, subjects=subjects, criteria=criteria)
    if form.is_valid():  # the service refuses a round once closed
        entered = apply_service(
            form,
            lambda: paper_round_enter(
                evaluation=evaluation,
                issued=form.cleaned_data["issued"],
                returned=form.cleaned_data["returned"],
                counts=form.counts(),
                record_void=form.cleaned_data["record_void"],
                entered_by=request.user,
            ),
        )
        if entered:
            paper_round = entered.result
            if paper_round.void:
                messages.warning(
                    request,
                    _("Round %(n)s is recorded as void; it is left out of the results.")
                    % {"n": paper_round.number},
                )
            else:
                messages.success(request, _("Round %(n)s is recorded.") % {"n": paper_round.number})
            return redirect("evaluations:tally", evaluation.pk)
    return _tally_page(request, evaluation, form=form)


# --- The office -------------------------------------------------------------------------


def _closed_evaluation(pk) -> Evaluation:
    return get_object_or_404(Evaluation.objects.select_related("session"), pk=pk)


@role_required(Role.SECRETARIAT)
def results(request, pk):
    evaluation = _closed_evaluation(pk)
    if not results_published(evaluation):
        return render(
            request, "evaluations/results.html", {"evaluation": evaluation, "not_yet": True}
        )
    # A closed evaluation's counts never change (paper rounds are entered while it is open):
    # the table is cached under the evaluation and the moment it closed, the rules that mark
    # it and the language, and the counts are read only when it is not (decision 174).
    return render(
        request,
        "evaluations/results.html",
        {
            "evaluation": evaluation,
            "r": SimpleLazyObject(lambda: evaluation_results(evaluation)),
            "results_key": results_cache_key(evaluation),
        },
    )


@role_required(Role.SECRETARIAT)
def results_pdf_view(request, pk):
    evaluation = _closed_evaluation(pk)
    if not results_published(evaluation):
        return redirect("evaluations:results", evaluation.pk)
    record_export(request, what="evaluation_results", file_format="pdf", target=evaluation)
    response = HttpResponse(results_pdf(evaluation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{evaluation.pk}.pdf"'
    return response


@role_required(Role.SECRETARIAT)
def results_export(request, pk, file_format):
    """The results as CSV or XLSX: aggregate counts per subject and criterion, nothing else."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    evaluation = _closed_evaluation(pk)
    if not results_published(evaluation):
        return redirect("evaluations:results", evaluation.pk)
    header, rows = results_table(evaluation_results(evaluation))
    record_export(request, what="evaluation_results", file_format=file_format, target=evaluation)
    return table_response(
        filename=f"evaluation-{evaluation.pk}", file_format=file_format, header=header, rows=rows
    )


@role_required(Role.SECRETARIAT)
def blank_ballot(request, pk):
    evaluation = get_object_or_404(Evaluation, pk=pk)
    response = HttpResponse(blank_ballots_pdf([evaluation]), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ballot-{evaluation.pk}.pdf"'
    return response
