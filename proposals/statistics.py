"""The figures the office reports on the handling of delegates' items: handling rate, on-time
rate, satisfaction rate, first-round satisfaction rate and the A/B/C breakdown, overall and by
unit, category or session. Four queries whatever the number of items."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Assignment, Feedback, Proposal, Reply

COUNTED = [
    Proposal.Status.ACCEPTED,
    Proposal.Status.ASSIGNED,
    Proposal.Status.REPLIED,
    Proposal.Status.TRACKING,
    Proposal.Status.CLOSED,
]
SATISFIED = (Feedback.Rating.SATISFIED, Feedback.Rating.BASICALLY)
GROUPINGS = {"unit": _("Lead unit"), "category": _("Category"), "session": _("Session")}


@dataclass
class Figures:
    label: str
    items: int = 0
    routed: int = 0
    replied: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    first_rated: int = 0
    first_satisfied: int = 0
    results: dict = field(default_factory=lambda: {"A": 0, "B": 0, "C": 0})

    @staticmethod
    def _rate(part, whole):
        return round(100 * part / whole, 1) if whole else None

    @property
    def handling_rate(self):
        return self._rate(self.replied, self.routed)

    @property
    def on_time_rate(self):
        return self._rate(self.on_time, self.replied)

    @property
    def satisfaction_rate(self):
        return self._rate(self.satisfied, self.rated)

    @property
    def first_round_satisfaction_rate(self):
        return self._rate(self.first_satisfied, self.first_rated)


def handling_statistics(term, *, group_by: str = "unit", session=None) -> tuple[Figures, list]:
    """(the totals, one Figures per group) for the term's accepted items."""
    items = Proposal.objects.filter(term=term, status__in=COUNTED)
    if session is not None:
        items = items.filter(session=session)
    facts = {
        pk: {"category": cat or "—", "session": sess or "—", "unit": "—"}
        for pk, cat, sess in items.values_list("pk", "category__name", "session__name")
    }
    leads = {}  # (proposal, round) -> (unit name, deadline)
    for pk, rnd, unit, deadline in Assignment.objects.filter(
        proposal__in=facts, role=Assignment.Role.LEAD, sent_back_at__isnull=True
    ).values_list("proposal_id", "round", "unit__name", "deadline"):
        leads[(pk, rnd)] = (unit, deadline)
        if rnd == 1 or facts[pk]["unit"] == "—":
            facts[pk]["unit"] = unit
    first_reply = {}  # proposal -> (result, replied_on, round)
    for pk, rnd, result, at in (
        Reply.objects.filter(
            assignment__proposal__in=facts,
            assignment__role=Assignment.Role.LEAD,
            follow_up=False,
        )
        .order_by("replied_at")
        .values_list("assignment__proposal_id", "assignment__round", "result", "replied_at")
    ):
        first_reply.setdefault(pk, (result, at.date(), rnd))
    latest_rating, first_round_rating = {}, {}
    for pk, rnd, overall in (
        Feedback.objects.filter(reply__assignment__proposal__in=facts)
        .order_by("rated_at")
        .values_list("reply__assignment__proposal_id", "reply__assignment__round", "overall")
    ):
        latest_rating[pk] = overall
        if rnd == 1:
            first_round_rating.setdefault(pk, overall)

    total = Figures(str(_("All items")))
    groups = {}
    for pk, fact in facts.items():
        label = fact[group_by]
        for figures in (total, groups.setdefault(label, Figures(label))):
            _count(figures, pk, leads, first_reply, latest_rating, first_round_rating)
    return total, sorted(groups.values(), key=lambda f: (-f.items, f.label))


def _count(figures, pk, leads, first_reply, latest_rating, first_round_rating):
    figures.items += 1
    if (pk, 1) in leads:
        figures.routed += 1
    if pk in first_reply:
        result, replied_on, rnd = first_reply[pk]
        figures.replied += 1
        figures.results[result] += 1
        deadline = leads.get((pk, rnd), (None, None))[1]
        if deadline is not None and replied_on <= deadline:
            figures.on_time += 1
    if pk in latest_rating:
        figures.rated += 1
        figures.satisfied += latest_rating[pk] in SATISFIED
    if pk in first_round_rating:
        figures.first_rated += 1
        figures.first_satisfied += first_round_rating[pk] in SATISFIED


def statistics_table(total: Figures, groups: list[Figures], grouping_label) -> tuple:
    header = [
        str(grouping_label),
        _("Items"),
        _("Routed"),
        _("Replied"),
        _("Handling rate %"),
        _("On time"),
        _("On-time rate %"),
        _("Satisfaction rate %"),
        _("First-round satisfaction rate %"),
        "A",
        "B",
        "C",
    ]
    rows = [
        [
            f.label,
            f.items,
            f.routed,
            f.replied,
            f.handling_rate,
            f.on_time,
            f.on_time_rate,
            f.satisfaction_rate,
            f.first_round_satisfaction_rate,
            f.results["A"],
            f.results["B"],
            f.results["C"],
        ]
        for f in [*groups, total]
    ]
    return [str(h) for h in header], rows
