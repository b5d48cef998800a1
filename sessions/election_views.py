"""The delegate's pages of an election: a round's ballot, its review, and "your ballot is
in"; the results once announced. As the evaluation ballot: the marks travel only in the POST
bodies of the review and submit steps, never stored in the session, the cache, messages or
logs; error reports leave them out (sensitive_post_parameters) and the browser does not
cache the pages (never_cache)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from congress_office.forms import apply_service

from .access import delegate_in_session_term
from .election_forms import ElectionBallotForm
from .election_results import election_results
from .election_rounds import (
    election_ballot_cast,
    round_ballot_for_voter,
    round_for_voter,
    round_voting_refusal,
)
from .models import Election


@sensitive_post_parameters()
@never_cache
@login_required
def election_ballot(request, pk):
    """The ballot (GET), its review (POST action=review: the marks in hidden fields, with
    "change" and "submit"), and casting it (POST action=submit). Once cast, only "your ballot
    is in": it can never be seen or changed."""
    # The signed-in menu is read with the ballot unless the request only casts it (decision 312).
    shows_page = request.method != "POST" or request.POST.get("action") != "submit"
    election_round, status, candidates = round_ballot_for_voter(request.user, pk, menu=shows_page)
    context = {"round": election_round, "election": election_round.election}
    if status["voted"]:
        return render(request, "sessions/election_voted.html", context)
    refusal = round_voting_refusal(election_round, status)
    if refusal:
        return render(
            request, "sessions/election_refused.html", {**context, "refusal": refusal}, status=403
        )
    data = request.POST if request.method == "POST" else None
    form = ElectionBallotForm(data, candidates=candidates, seats=election_round.seats)
    action = request.POST.get("action")
    if data is not None and form.is_valid():
        if action == "review":
            return render(
                request, "sessions/election_review.html", {**context, "summary": form.summary()}
            )
        if action == "submit":
            cast = apply_service(
                form,
                lambda: election_ballot_cast(
                    election_round=election_round,
                    user=request.user,
                    marks=form.marks(),
                    on_ballot=candidates,
                ),
            )
            if cast:
                return redirect("sessions:election_voted", election_round.pk)
    return render(request, "sessions/election_ballot.html", {**context, "form": form})


@never_cache
@login_required
def election_voted(request, pk):
    """The confirmation after casting: that the ballot is in, nothing of what it said."""
    election_round, status = round_for_voter(request.user, pk)
    if not status["voted"]:
        return redirect("sessions:election_ballot", election_round.pk)
    return render(
        request,
        "sessions/election_voted.html",
        {"round": election_round, "election": election_round.election, "just_voted": True},
    )


@login_required
def election_results_page(request, pk):
    """An election's results once announced, for the delegates of the session's term: the
    figures of the office's page, round by round up to the last round announced, and the
    elected. Before the announcement, and for anyone else, there is no such page (404)."""
    election = get_object_or_404(Election.objects.select_related("session__term"), pk=pk)
    if not delegate_in_session_term(request.user, election.session):
        raise Http404
    results = election_results(election, announced_only=True)
    if not results.rounds:
        raise Http404
    return render(
        request,
        "sessions/election_results.html",
        {"results": results, "election": results.election, "session": election.session},
    )
