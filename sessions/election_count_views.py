"""The tellers' and scrutineers' pages of an election's round: paper ballots handed out, the
paper ballots entered one by one by two tellers apart until their entries agree, the count
taken from them (or totals counted by hand), and the count's progress for the scrutineers,
who may look but not enter. Every page asks `round_for_counting` first: anyone without the
election's object permission gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from congress_office.forms import apply_service

from .ballot_entries import (
    ballot_entry_save,
    entries_compare,
    paper_count_from_entries,
    teller_entry_to_show,
)
from .election_count import FOR
from .election_count_forms import (
    BallotEntryForm,
    PaperTotalsForm,
    RoundHandOutForm,
    TakeCountForm,
)
from .election_rounds import paper_ballots_issue, paper_count_enter, round_ballot_candidates
from .election_tellers import round_count_progress, round_for_counting, rounds_to_count_for
from .models import ElectionRound

OPEN = ElectionRound.Status.OPEN


@login_required
def count_home(request):
    rounds = list(rounds_to_count_for(request.user))
    if not rounds:
        raise Http404
    return render(request, "sessions/count_home.html", {"rounds": rounds})


def _write_ins(election_round) -> bool:
    rules = election_round.election.rules or {}
    return bool(rules.get("write_ins_allowed"))


def _reading(ballot, candidates) -> str | None:
    """A ballot as a teller read it, in words: "○ 王一, × 李二; written in: 张三" (blanks
    left out), or None when this teller has not entered it."""
    if ballot is None:
        return None
    marks = [
        f"{'○' if ballot.marks[c.pk] == FOR else '×'} {c.name}"
        for c in candidates
        if c.pk in ballot.marks
    ]
    words = "、".join(marks) if marks else _("all blank")
    if ballot.written_in:
        words += "; " + _("written in: %(names)s") % {"names": "、".join(ballot.written_in)}
    return words


def _count_page(request, election_round, may_enter, **forms):
    candidates = round_ballot_candidates(election_round)
    is_open = election_round.status == OPEN
    write_ins = _write_ins(election_round)
    found = request.GET.get("q", "").strip()
    if is_open and may_enter:
        forms.setdefault(
            "hand_out_form",
            RoundHandOutForm(election_round=election_round, name_contains=found),
        )
        forms.setdefault("take_form", TakeCountForm())
        forms.setdefault("totals_form", PaperTotalsForm(candidates=candidates, write_ins=write_ins))
    comparison = entries_compare(election_round)
    context = {
        "round": election_round,
        "election": election_round.election,
        "may_enter": may_enter and is_open,
        "is_open": is_open,
        "differences": [
            (d.number, [_reading(d.first, candidates), _reading(d.second, candidates)])
            for d in comparison.differences
        ],
        **round_count_progress(election_round, request.user),
        "comparison": comparison,
        "entered_by_teller": [
            (teller, election_round.ballot_entries.filter(teller=teller).count())
            for teller in comparison.tellers
        ],
        "found": found,
        "steps": election_round.status_changes.select_related("actor").order_by("at"),
        **forms,
    }
    return render(request, "sessions/count_round.html", context)


@never_cache
@login_required
def count_round(request, pk):
    election_round, may_enter = round_for_counting(request.user, pk)
    return _count_page(request, election_round, may_enter)


def _for_entering(request, pk):
    election_round, may_enter = round_for_counting(request.user, pk)
    if not may_enter:
        raise Http404  # a scrutineer looks; only tellers enter
    return election_round


@login_required
@require_POST
def count_hand_out(request, pk):
    election_round = _for_entering(request, pk)
    form = RoundHandOutForm(request.POST, election_round=election_round)
    if form.is_valid():
        done = apply_service(
            form,
            lambda: paper_ballots_issue(
                election_round=election_round, delegates=form.cleaned_data["delegates"]
            ),
        )
        if done:
            messages.success(
                request,
                ngettext(
                    "%(n)s paper ballot recorded as handed out.",
                    "%(n)s paper ballots recorded as handed out.",
                    done.result,
                )
                % {"n": done.result},
            )
            return redirect("sessions:count_round", election_round.pk)
    return _count_page(request, election_round, True, hand_out_form=form)


@never_cache
@login_required
def count_ballot(request, pk):
    """Enter one paper ballot as read (GET ?number=N shows this teller's entry of ballot N,
    to correct it). After saving, the next number is offered."""
    election_round = _for_entering(request, pk)
    if election_round.status != OPEN:
        return redirect("sessions:count_round", election_round.pk)
    candidates = round_ballot_candidates(election_round)
    mine = election_round.ballot_entries.filter(teller=request.user)
    kwargs = {"candidates": candidates, "write_ins": _write_ins(election_round)}
    if request.method == "POST":
        form = BallotEntryForm(request.POST, **kwargs)
        if form.is_valid():
            number = form.cleaned_data["number"]
            saved = apply_service(
                form,
                lambda: ballot_entry_save(
                    election_round=election_round,
                    teller=request.user,
                    number=number,
                    marks=form.marks(),
                    written_in=form.written_in(),
                ),
            )
            if saved:
                messages.success(request, _("Ballot %(n)s entered.") % {"n": number})
                return redirect("sessions:count_ballot", election_round.pk)
    else:
        asked = request.GET.get("number", "")
        entry, number = teller_entry_to_show(election_round, request.user, asked)
        initial = BallotEntryForm.initial_from(entry) if entry else {"number": number}
        form = BallotEntryForm(initial=initial, **kwargs)
    context = {
        "round": election_round,
        "election": election_round.election,
        "form": form,
        "my_entries": mine.count(),
        "seats": election_round.seats,
    }
    return render(request, "sessions/count_ballot.html", context)


@login_required
@require_POST
def count_take(request, pk):
    """Take the round's paper count from the two tellers' agreed entries."""
    election_round = _for_entering(request, pk)
    form = TakeCountForm(request.POST)
    if form.is_valid():
        done = apply_service(
            form,
            lambda: paper_count_from_entries(
                election_round=election_round,
                returned=form.cleaned_data["returned"],
                entered_by=request.user,
            ),
        )
        if done:
            messages.success(request, _("The paper count is recorded."))
            return redirect(reverse("sessions:count_round", args=[election_round.pk]))
    return _count_page(request, election_round, True, take_form=form)


@login_required
@require_POST
def count_totals(request, pk):
    """Record the paper count as totals counted by hand."""
    election_round = _for_entering(request, pk)
    candidates = round_ballot_candidates(election_round)
    form = PaperTotalsForm(
        request.POST, candidates=candidates, write_ins=_write_ins(election_round)
    )
    if form.is_valid():
        done = apply_service(
            form,
            lambda: paper_count_enter(
                election_round=election_round,
                returned=form.cleaned_data["returned"],
                invalid=form.cleaned_data["invalid"],
                totals=form.totals(),
                written_in=form.cleaned_data.get("written_in") or {},
                entered_by=request.user,
            ),
        )
        if done:
            messages.success(request, _("The paper count is recorded."))
            return redirect("sessions:count_round", election_round.pk)
    return _count_page(request, election_round, True, totals_form=form)
