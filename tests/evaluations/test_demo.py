import pytest
from django.core.management import call_command
from django.http import HttpRequest

from evaluations.models import Evaluation, OnlineTallyShard, PaperRound, Receipt
from evaluations.results import evaluation_results

pytestmark = pytest.mark.django_db


def test_demo_evaluations(client, capsys):
    call_command("demo_data", "--allow-without-debug")
    closed = Evaluation.objects.get(status="closed")
    results = evaluation_results(closed)
    # Entitled: the 109 checked in at the session but the 3 of them whose qualification is
    # no longer active on the day voting opens.
    assert (results["online"], results["paper_returned"], results["entitled"]) == (80, 24, 106)
    assert results["warnings"] > 0
    assert closed.subjects.filter(is_team=True).count() == 1
    vote = Evaluation.objects.get(status="open", kind="confidence")
    assert vote.entitlements.filter(delegate__user__username="delegate").exists()
    # The demo delegate has voted in neither, and can vote in the open one.
    assert not Receipt.objects.filter(delegate__user__username="delegate").exists()
    client.login(request=HttpRequest(), username="delegate", password="congress-demo")
    assert 'type="radio"' in client.get(f"/evaluations/{vote.pk}/ballot/").content.decode()
    before = (Evaluation.objects.count(), Receipt.objects.count(), PaperRound.objects.count())
    tallies = list(OnlineTallyShard.objects.order_by("pk").values_list("counts", flat=True))
    call_command("demo_data", "--allow-without-debug")
    assert (
        Evaluation.objects.count(),
        Receipt.objects.count(),
        PaperRound.objects.count(),
    ) == before
    assert list(OnlineTallyShard.objects.order_by("pk").values_list("counts", flat=True)) == tallies
