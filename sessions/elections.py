"""Preparing an election: the term's rule for its kind, the formal list of candidates the
presidium approves (refused when it breaks the competitive margin), the order candidates are
printed in, and the scrutineers (never candidates of the same election)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress_office.strokes import sorted_by_strokes
from congress_office.wording import join_list
from delegates.models import Delegate, Term

from .election_tellers import scrutineer_access_sync
from .models import (
    Candidate,
    Election,
    ElectionRule,
    ElectionStatusChange,
    Scrutineer,
    VotingRule,
)
from .services import voting_rule_for

E = Election.Status


def election_rule_for(*, term: Term, fills: str, by_election: bool) -> ElectionRule:
    """The term's rule for this kind of election, created with the defaults when first
    needed: competitive by at least 20% more candidates than seats; by-elections may be
    equal-number (the domain's sources do so)."""
    rule, _created = ElectionRule.objects.get_or_create(
        term=term,
        fills=fills,
        by_election=by_election,
        defaults={"equal_number_allowed": by_election},
    )
    return rule


def fewest_candidates(*, seats: int, margin_percent: int) -> int:
    """The fewest candidates a competitive election of `seats` may have: the seats plus the
    margin, rounded up (7 seats at 20%: 7 + 1.4 → 9), and always at least one more."""
    extra = -(-seats * margin_percent // 100)  # integer ceiling: no rounding error at the edge
    return seats + max(extra, 1)


def _lock(election: Election) -> Election:
    return (
        Election.objects.select_for_update(of=("self",))
        .select_related("session__term")
        .get(pk=election.pk)
    )


def _move(election: Election, after: str, actor) -> None:
    before = election.status
    election.status = after
    election.save(update_fields=["status", "rules"])
    ElectionStatusChange.objects.create(
        election=election, status_before=before, status_after=after, actor=actor
    )


@transaction.atomic
def candidates_approve(*, election: Election, approved_by) -> Election:
    """The presidium approves the formal list (the candidates marked formal): refused when a
    competitive election has fewer candidates than its margin asks, or an equal-number one
    where its rule does not allow it, or not exactly as many as the seats. The term's rule is
    copied onto the election, and the step recorded."""
    election = _lock(election)
    if election.status != E.PREPARING:
        raise ValidationError(_("The formal list of this election is already approved."))
    rule = election_rule_for(
        term=election.session.term, fills=election.fills, by_election=election.by_election
    )
    formal = election.candidates.filter(formal=True).count()
    seats = election.seats
    if election.method == Election.Method.EQUAL:
        if not rule.equal_number_allowed:
            raise ValidationError(
                _("The congress's rules do not allow an equal-number election of this kind.")
            )
        if formal != seats:
            raise ValidationError(
                _(
                    "An equal-number election has as many candidates as seats: %(seats)s "
                    "seats, %(formal)s candidates on the formal list."
                )
                % {"seats": seats, "formal": formal}
            )
    else:
        fewest = fewest_candidates(seats=seats, margin_percent=rule.margin_percent)
        if formal < fewest:
            raise ValidationError(
                _(
                    "A competitive election of %(seats)s seats needs at least %(fewest)s "
                    "candidates (%(margin)s%% more, rounded up); the formal list has "
                    "%(formal)s."
                )
                % {
                    "seats": seats,
                    "fewest": fewest,
                    "margin": rule.margin_percent,
                    "formal": formal,
                }
            )
    voting = voting_rule_for(term=election.session.term, matter=VotingRule.Matter.ELECTION)
    election.rules = {**rule.as_record(), "voting": voting.as_record()}
    _move(election, E.LIST_APPROVED, approved_by)
    return election


def candidates_in_print_order(election: Election, candidates=None) -> list[Candidate]:
    """The formal list as printed: in the order the office set when it set one for every
    candidate, else in the stroke order of the names (姓氏笔画; namesakes in the order they
    were entered). `candidates`: the election's candidates as the caller wants them read
    (annotated, say)."""
    if candidates is None:
        candidates = election.candidates.all()
    return print_order(list(candidates.filter(formal=True).order_by("pk")))


def print_order(candidates: list[Candidate]) -> list[Candidate]:
    """`candidates_in_print_order` of the formal list already read, in the order of their
    ids."""
    if candidates and all(c.order is not None for c in candidates):
        return sorted(candidates, key=lambda c: (c.order, c.pk))
    return sorted_by_strokes(candidates, key=lambda c: c.name)


@transaction.atomic
def scrutineers_set(
    *, election: Election, delegates: Iterable[Delegate], chief: Delegate | None
) -> list[Scrutineer]:
    """Replace the election's scrutineers, the chief among them. A candidate of the same
    election cannot oversee its count: refused, naming them. Once a round is opened the
    scrutineers are those who oversaw it: refused."""
    election = _lock(election)
    if election.rounds.exists():
        raise ValidationError(
            _("The election has been held: its scrutineers can no longer change.")
        )
    chosen = {d.pk: d for d in delegates}
    if chief is not None:
        chosen[chief.pk] = chief
    _scrutineers_check(election, chosen.values())
    election.scrutineers.all().delete()
    scrutineers = Scrutineer.objects.bulk_create(
        Scrutineer(election=election, delegate=d, chief=chief is not None and d.pk == chief.pk)
        for d in chosen.values()
    )
    scrutineer_access_sync(election)
    return scrutineers


def scrutineers_check(*, election: Election) -> None:
    """The check of `scrutineers_set`, on the scrutineers as saved (by the admin's page)."""
    delegates = [s.delegate for s in election.scrutineers.select_related("delegate")]
    _scrutineers_check(election, delegates)


def _scrutineers_check(election: Election, chosen) -> None:
    candidacies = list(election.candidates.values_list("delegate_id", "name"))
    linked = {delegate_id for delegate_id, _name in candidacies if delegate_id}
    # A candidate entered by name alone is matched by name: a delegate of the same name
    # might be someone else, but a scrutineer is never in doubt.
    by_name = {name for delegate_id, name in candidacies if delegate_id is None}
    standing = [d.name for d in chosen if d.pk in linked or d.name in by_name]
    if standing:
        raise ValidationError(
            _("Candidates cannot be scrutineers of their election: %(names)s.")
            % {"names": join_list(sorted(standing))}
        )
    strangers = [d.name for d in chosen if d.term_id != election.session.term_id]
    if strangers:
        raise ValidationError(
            _("Not delegates of this congress: %(names)s.")
            % {"names": join_list(sorted(strangers))}
        )
