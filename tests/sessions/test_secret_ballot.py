"""Every secret ballot box of the product (evaluations now, elections next) is built on the
shared machinery and keeps its promises (docs/secrecy.md): checked on every concrete model,
so a new kind of secret vote is held to them without a test of its own."""

from django.apps import apps
from django.db import models

from sessions.models.secret_ballot import SecretReceipt, SecretTally


def _concrete(base):
    return [m for m in apps.get_models() if issubclass(m, base)]


def test_the_machinery_is_shared_by_the_evaluations():
    from evaluations.models import OnlineTally, Receipt

    assert Receipt in _concrete(SecretReceipt)
    assert OnlineTally in _concrete(SecretTally)


def test_receipts_name_one_box_and_one_delegate_once_with_a_random_key():
    for receipt in _concrete(SecretReceipt):
        relations = [f for f in receipt._meta.concrete_fields if f.is_relation]
        assert len(relations) == 2, receipt  # the box and the delegate, nothing else
        box = next(f.name for f in relations if f.name != "delegate")
        unique = [
            set(c.fields)
            for c in receipt._meta.constraints
            if isinstance(c, models.UniqueConstraint)
        ]
        assert {box, "delegate"} in unique, receipt
        assert receipt._meta.pk.default.__name__ == "uuid4"


def test_no_time_no_order_no_permission_and_nothing_points_at_them():
    secret = _concrete(SecretReceipt) + _concrete(SecretTally)
    for model in secret:
        for field in model._meta.concrete_fields:
            assert not isinstance(
                field, models.DateField | models.DateTimeField | models.TimeField
            ), (model, field)
        assert not model._meta.ordering, model
        assert model._meta.default_permissions == (), model
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model not in secret, (model, field)
