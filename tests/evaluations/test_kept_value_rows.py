"""A closed evaluation's read-only rows kept by what each shows (congress_office/kept_value_rows.py,
decision 473): every page is the one written with nothing kept, in both languages, whatever
was kept before; a row's value, its teller's or actor's name and the evaluation's title
changed are shown at once; the page reads as many rows' statements kept or not, with few rows
or many."""

from unittest import mock

import pytest

from congress_office import kept_value_rows
from evaluations.admin import StatusChangeInline
from evaluations.models import Evaluation, EvaluationStatusChange, PaperRound, Subject
from tests.core.kept_kit import djangos, nothing_kept_in, page, queries_kept_or_not
from tests.evaluations.kit import paper_round_entered, teller_of

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_value_rows._rows)
LANGUAGES = ("zh-hans", "en")


def _closed(closed_evaluation, voters, subjects=3, criteria=2):
    evaluation = closed_evaluation(voters(2), subjects=subjects, criteria=criteria)
    return paper_round_entered(evaluation)


def _url(evaluation) -> str:
    return f"/admin/evaluations/evaluation/{evaluation.pk}/change/"


def _each_djangos(client, url: str) -> None:
    for language in LANGUAGES:
        for _ in range(2):  # made, then read from what was kept
            assert page(client, url, language) == djangos(kept_value_rows, client, url, language)


def test_a_closed_evaluations_page_with_its_rows_kept_is_djangos(office, closed_evaluation, voters):
    evaluation = _closed(closed_evaluation, voters)
    _each_djangos(office, _url(evaluation))
    # The subjects', criteria's, the round's and the status changes' rows, by language.
    assert len(kept_value_rows._rows) == 2 * (3 + 2 + 1 + 2)


def test_two_evaluations_rows_kept_apart(office, closed_evaluation, voters):
    first, second = (_closed(closed_evaluation, voters) for _ in range(2))
    Subject.objects.filter(evaluation=second, order=0).update(post="秘书长")
    for url in (_url(first), _url(second), _url(first)):
        _each_djangos(office, url)


@pytest.mark.parametrize(
    "change",
    [
        lambda e: Subject.objects.filter(evaluation=e, name="成员1").update(
            name="改名", post="主任"
        ),
        lambda e: PaperRound.objects.filter(evaluation=e).update(returned=6),  # void
        lambda e: (
            teller_of(e).__class__.objects.filter(pk=teller_of(e).pk).update(first_name="新名")
        ),
        lambda e: Evaluation.objects.filter(pk=e.pk).update(title="新的测评"),
    ],
    ids=["subject", "round", "teller's name", "evaluation's title"],
)
def test_a_change_is_shown_at_once(office, closed_evaluation, voters, change):
    evaluation = _closed(closed_evaluation, voters)
    url = _url(evaluation)
    before = {language: page(office, url, language) for language in LANGUAGES}
    change(evaluation)
    for language in LANGUAGES:
        shown = page(office, url, language)
        assert shown != before[language]
        assert shown == djangos(kept_value_rows, office, url, language)


def test_a_key_without_the_rows_values_shows_the_old_rows(office, closed_evaluation, voters):
    """The comparison above fails with a shorter key: the rows' values are needed."""
    evaluation = _closed(closed_evaluation, voters)
    url = _url(evaluation)
    with mock.patch.object(kept_value_rows, "_values", lambda obj: ()):
        page(office, url)
        PaperRound.objects.filter(evaluation=evaluation).update(issued=7)
        assert page(office, url) != djangos(kept_value_rows, office, url)


def _held_in_keys(value) -> bool:
    """Whether `value` is anywhere in the kept rows' keys (nested tuples)."""

    def walk(part):
        if isinstance(part, tuple):
            return any(walk(item) for item in part)
        return part == value

    return any(walk(key) for key in kept_value_rows._rows)


def test_a_users_password_and_sign_in_are_never_in_a_key(office, closed_evaluation, voters):
    """A teller's row is keyed by the teller's name, not by the user's every field (decision
    500): no password hash is held in the process, and a sign-in or a new password serves the
    same kept row."""
    evaluation = _closed(closed_evaluation, voters)
    url = _url(evaluation)
    teller = teller_of(evaluation)
    teller.set_password("another-secret-9")
    teller.save()
    _each_djangos(office, url)
    kept_before = len(kept_value_rows._rows)
    assert kept_before
    assert not _held_in_keys(teller.password)
    teller.set_password("a-third-secret-7")
    teller.last_login = teller.date_joined
    teller.save()
    for language in LANGUAGES:
        assert page(office, url, language) == djangos(kept_value_rows, office, url, language)
    assert len(kept_value_rows._rows) == kept_before  # the rows kept before, served again
    assert not _held_in_keys(teller.password)


def test_the_page_reads_as_much_kept_or_not_few_rows_or_many(office, closed_evaluation, voters):
    few = _closed(closed_evaluation, voters, subjects=2, criteria=1)
    many = _closed(closed_evaluation, voters, subjects=9, criteria=6)
    urls = [_url(few), _url(many)]
    assert len(queries_kept_or_not(kept_value_rows, office, urls)) == 1


_NOTE = {"text": "第一次的说明"}


def test_a_field_neither_a_column_nor_the_inlines_is_written_each_time(
    office, closed_evaluation, voters
):
    """A cell the key does not know (a property of the row's object, which may read other rows
    or the time) is not kept: its inline's rows are written on every opening (decision 558)."""
    evaluation = _closed(closed_evaluation, voters)
    url = _url(evaluation)
    fields = [*StatusChangeInline.fields, "office_note"]
    note = property(lambda obj: _NOTE["text"])
    with (
        mock.patch.object(EvaluationStatusChange, "office_note", note, create=True),
        mock.patch.object(StatusChangeInline, "fields", fields),
    ):
        assert "第一次的说明" in page(office, url)
        _NOTE["text"] = "第二次的说明"
        shown = page(office, url)
    assert "第二次的说明" in shown and "第一次的说明" not in shown
