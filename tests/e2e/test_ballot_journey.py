"""A delegate casts a secret ballot on a phone: the demo's open confidence vote, rated line by
line with one line left blank, reviewed, changed, submitted; afterwards the ballot is gone for
good and only the counts remember it."""

import pytest
from playwright.sync_api import expect

from evaluations.demo import CONFIDENCE_TITLE
from evaluations.models import Evaluation, Receipt
from evaluations.tallies import online_counts

pytestmark = pytest.mark.e2e


def test_a_delegate_casts_a_ballot_on_a_phone(phone_page, sign_in, live_server):
    page = sign_in(phone_page, "delegate")
    evaluation = Evaluation.objects.get(title=CONFIDENCE_TITLE)
    subjects = list(evaluation.subjects.order_by("order"))
    page.goto(f"{live_server.url}/evaluations/")
    item = page.locator(".check-in-list li", has_text=CONFIDENCE_TITLE)
    expect(item).to_contain_text("Not yet voted")
    item.get_by_role("link", name=CONFIDENCE_TITLE).click()

    lines = page.locator("fieldset.ballot-criterion")
    expect(lines).to_have_count(len(subjects))
    # Nothing scrolls sideways on a phone (asked once the ballot is shown: asked while the
    # link's navigation was under way, there was no document yet).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Trust for everyone but the last member, who is left blank; then change one's mind.
    for n in range(len(subjects) - 1):
        lines.nth(n).get_by_label("Trust", exact=True).check()
    page.click("text=Review my choices")
    expect(page.locator("h1")).to_have_text("Review your ballot")
    expect(page.locator(".card", has_text=subjects[-1].name)).to_contain_text("Blank")
    page.click("text=Change my choices")
    page.locator("fieldset.ballot-criterion").nth(0).get_by_label("Basic trust").check()
    page.click("text=Review my choices")
    expect(page.locator(".card", has_text=subjects[0].name)).to_contain_text("Basic trust")
    page.click("text=Submit my ballot")

    expect(page.locator(".message-success")).to_contain_text("Your ballot has been cast")
    # The ballot page now only says so: the ballot can never be seen or changed.
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/ballot/")
    expect(page.locator("main")).to_contain_text("You have voted in this evaluation.")
    expect(page.locator("input[type=radio]")).to_have_count(0)
    page.goto(f"{live_server.url}/evaluations/")
    expect(page.locator(".check-in-list li", has_text=CONFIDENCE_TITLE)).to_contain_text("Voted")

    assert Receipt.objects.filter(evaluation=evaluation, delegate__user__username="delegate")
    counts = {(s, rating): n for (s, _c, rating), n in online_counts(evaluation).items()}
    assert counts[(subjects[0].pk, "basic_trust")] == 1
    assert counts[(subjects[-1].pk, "abstain")] == 1
    assert all(counts[(s.pk, "trust")] == 1 for s in subjects[1:-1])
    assert sum(counts.values()) == len(subjects)  # one mark a line, nothing more
