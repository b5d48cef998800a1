"""The office's rules rows (`SingletonRules`): read once per request, every time outside one."""

import pytest
from django.db import connection
from django.http import JsonResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from congress_office.models import _rules_sql
from congress_office.plain_sql import _prepared
from delegates.models import ReceptionRule
from evaluations.models import EvaluationRules
from proposals.models import ProposalRules

pytestmark = pytest.mark.django_db


def _rules_queries(queries) -> int:
    # On PostgreSQL the read is the EXECUTE of a statement prepared once (decision 304).
    prepared = _prepared(_rules_sql(ProposalRules))[0]
    return sum(
        '"proposals_proposalrules"' in query["sql"] or prepared in query["sql"] for query in queries
    )


def rules_page(request):
    """A page that asks for the rules five times, changes them, and asks again."""
    with CaptureQueriesContext(connection) as reads:
        asked = [ProposalRules.current().reply_months for _ in range(5)]
    rules = ProposalRules.objects.get()  # as the admin's form does: its own copy of the row
    rules.reply_months += 1
    rules.save()
    return JsonResponse(
        {
            "asked": asked,
            "reads": _rules_queries(reads.captured_queries),
            "after_save": ProposalRules.current().reply_months,
        }
    )


urlpatterns = [path("rules/", rules_page)]


@pytest.mark.urls(__name__)
def test_a_request_reads_the_rules_once_and_sees_its_own_save(client):
    ProposalRules.current()  # the row exists: the request's one read is a plain select
    body = client.get("/rules/").json()
    assert body == {"asked": [3] * 5, "reads": 1, "after_save": 4}
    # The next request reads the row again.
    assert client.get("/rules/").json() == {"asked": [4] * 5, "reads": 1, "after_save": 5}


def test_outside_a_request_every_read_sees_the_row_as_it_is(django_assert_num_queries):
    ProposalRules.current()
    ProposalRules.objects.update(reply_months=9)  # another process changes the rules
    with django_assert_num_queries(1):
        assert ProposalRules.current().reply_months == 9


@pytest.mark.parametrize("model", [ProposalRules, EvaluationRules, ReceptionRule])
def test_each_rules_table_holds_one_row_made_with_its_defaults(model):
    first = model.current()
    assert model.current().pk == first.pk and model.objects.count() == 1
    assert model._meta.get_field("singleton").unique
    names = [constraint.name for constraint in model._meta.constraints]
    assert f"{model._meta.app_label}_{model._meta.model_name}_singleton" in names
