"""Pickers whose querysets are every row of one model in one order are grouped without writing
their SQL (decision 298): only such querysets get that key, and two of them with the same key
are the same statement."""

from django.db.models import F, Value

from congress_office.admin_autocomplete import every_row_shape
from delegates.models import Delegate


def test_only_every_row_in_an_order_is_known_without_its_sql():
    every = Delegate._default_manager.all()
    key = every_row_shape(every)
    assert key == (Delegate, (), True)
    assert every_row_shape(Delegate._default_manager.all()) == key
    assert every_row_shape(every.order_by("name")) == (Delegate, ("name",), True)
    assert every_row_shape(every.order_by("name")) != key
    for other in (
        every.filter(term=1),
        every.exclude(name=""),
        every.annotate(x=Value(1)),
        every.select_related("term"),
        every.prefetch_related("committees"),
        every.distinct(),
        every[:5],
        every.only("name"),
        every.order_by(F("name").desc()),
        every.reverse(),
        every.extra(where=["1 = 1"]),
        every.none(),
    ):
        assert every_row_shape(other) is None, other.query
    # The same key, the same statement (written here, after the keys were taken: a query
    # once written is no longer known without it, and reads as any other).
    same = [Delegate._default_manager.all(), Delegate.objects.all(), every.all()]
    assert len({str(q.query) for q in same}) == 1
    assert every_row_shape(same[0]) is None
