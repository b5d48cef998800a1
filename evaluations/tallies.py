"""An evaluation's online counts: its cells (subject × criterion × rating) in the order its
tally shards keep them, and the counts summed from the shards (docs/secrecy.md)."""

from itertools import product

from congress_office.kept_text import kept, kept_store
from sessions.secret_ballot import tally_summed

from .models import Evaluation, OnlineTallyShard


def tally_layout(evaluation: Evaluation, subject_ids, criterion_ids) -> list[tuple[int, int, str]]:
    """The evaluation's cells in the order of its shards' vectors: every subject × criterion ×
    rating counted (the ballot's ratings and the blank), sorted by subject id, criterion id and
    rating. Fixed once voting opens: subjects, criteria and the scale change only in a draft."""
    return sorted(product(subject_ids, criterion_ids, evaluation.tally_ratings()))


# Each layout's cells' places, made once per process (decision 338): {(subject ids, criterion
# ids, ratings counted): {cell: its place in the vector}}. What an evaluation's layout is made
# of is fixed once voting opens; nothing of any voter's is in it.
_places: dict = kept_store()
PLACES_KEPT = 64


def tally_places(evaluation: Evaluation, subject_ids, criterion_ids) -> dict[tuple, int]:
    """{cell: its place in `tally_layout`'s order}: casting marks a ballot's 90 cells by their
    places instead of asking each of the layout's cells (450 or more) whether it was chosen."""
    made_of = (tuple(subject_ids), tuple(criterion_ids), tuple(evaluation.tally_ratings()))
    return kept(_places, made_of, lambda: _places_made(*made_of), PLACES_KEPT)


def _places_made(subject_ids, criterion_ids, ratings) -> dict[tuple, int]:
    layout = sorted(product(subject_ids, criterion_ids, ratings))  # as `tally_layout` orders
    return {cell: place for place, cell in enumerate(layout)}


def online_counts(evaluation: Evaluation, subjects=None, criteria=None) -> dict[tuple, int]:
    """{(subject id, criterion id, rating): online ballots giving it}, its shards summed; {}
    before voting opens. One query, three without the subjects and criteria (objects or
    ids) the caller has read."""
    vectors = list(
        OnlineTallyShard.objects.filter(evaluation=evaluation).values_list("counts", flat=True)
    )
    if not vectors:
        return {}
    if subjects is None:
        subjects = evaluation.subjects.values_list("pk", flat=True)
    if criteria is None:
        criteria = evaluation.criteria.values_list("pk", flat=True)
    layout = tally_layout(evaluation, _ids(subjects), _ids(criteria))
    return dict(zip(layout, tally_summed(vectors, len(layout)), strict=True))


def _ids(things) -> list[int]:
    return [getattr(thing, "pk", thing) for thing in things]
