"""proposals.replies_written: the item's replies on the office's change page are written as
admin/proposals/_replies.html writes them, to the character, in both languages: replies
reviewed or not, sent back with a reason, with views taken in and missing, text to escape and
line breaks of every kind, and an item without replies (decision 435)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from proposals.models import Proposal, Reply
from proposals.replies_written import replies_written
from proposals.reply_reads import item_replies
from tests.core.small_office import office_built

pytestmark = pytest.mark.django_db

AWKWARD = "A & B <b>'quoted'</b>\r\nnext line\rthird\nfourth"


def _template(replies) -> str:
    return render_to_string("admin/proposals/_replies.html", {"replies": replies})


def test_the_replies_are_written_as_the_template_writes_them():
    with office_built():
        replied = Proposal.objects.filter(assignments__replies__isnull=False).distinct()
        items = list(replied.order_by("pk").values_list("pk", flat=True)[:80])
        first = Reply.objects.filter(assignment__proposal_id=items[0]).order_by("pk").first()
        Reply.objects.filter(pk=first.pk).update(
            text=AWKWARD, return_reason=AWKWARD, review=Reply.Review.RETURNED
        )
        # the small office's replies say nothing of co-handling units: one says both
        others = Reply.objects.exclude(pk=first.pk).select_related("assignment")
        first.views_taken_in.add(*others[:2])
        first.views_missing.add(*[other.assignment for other in others[2:4]])
        items.append(Proposal.objects.exclude(pk__in=replied).order_by("pk").first().pk)
        seen = {"review": 0, "returned": 0, "taken": 0, "missing": 0, "none": 0}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                for pk in items:
                    replies = item_replies(pk)
                    assert str(replies_written(replies)) == _template(replies), (language, pk)
                    seen["none"] += not replies
                    for reply in replies:
                        seen["review"] += bool(reply.review)
                        seen["returned"] += bool(reply.return_reason)
                        seen["taken"] += bool(reply.units_taken_in())
                        seen["missing"] += bool(reply.units_missing())
        assert all(seen.values()), seen
        with translation.override("en"):
            written = str(replies_written(item_replies(items[0])))
        assert "A &amp; B &lt;b&gt;&#x27;quoted&#x27;&lt;/b&gt;<br>next line<br>third" in written
