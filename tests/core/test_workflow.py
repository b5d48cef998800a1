"""The core of every workflow table (congress_office/workflow.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from congress_office.workflow import Workflow, step


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    BROKEN = "broken", "Broken"


LIGHTS = Workflow(
    Light,
    [
        step("go", {Light.RED}, {Light.GREEN}, verb="switched to green"),
        step("stop", {Light.GREEN}, {Light.RED}, verb="switched to red"),
        step("look", {Light.RED, Light.GREEN}, refusal="It is %(status)s: nothing to see."),
        step("fail", {Light.RED, Light.GREEN}, {Light.BROKEN, Light.RED}),
    ],
    refusal="The light is %(status)s: it cannot be %(action)s now.",
    status_words=str.lower,
)


def test_a_step_is_allowed_from_its_statuses_only():
    assert LIGHTS.available(Light.RED) == ["go", "look", "fail"]
    assert LIGHTS.allows(Light.GREEN, "stop") and not LIGHTS.allows(Light.RED, "stop")
    LIGHTS.require(Light.RED, "go")
    with pytest.raises(ValidationError) as refused:
        LIGHTS.require(Light.GREEN, "go")
    assert refused.value.messages == ["The light is green: it cannot be switched to green now."]
    with pytest.raises(ValidationError) as refused:
        LIGHTS.require(Light.BROKEN, "look", field="light")
    assert refused.value.message_dict == {"light": ["It is broken: nothing to see."]}


def test_where_a_step_leads():
    assert LIGHTS.target("go", Light.RED) == Light.GREEN
    assert LIGHTS.target("look", Light.GREEN) == Light.GREEN  # no target: the status stays
    with pytest.raises(ValueError, match="say which"):
        LIGHTS.target("fail", Light.RED)
    LIGHTS.check_target("fail", Light.GREEN, Light.BROKEN)
    with pytest.raises(ValueError, match=r"go leads to \[Light.GREEN\], not Light.BROKEN"):
        LIGHTS.check_target("go", Light.RED, Light.BROKEN)
    with pytest.raises(ValueError, match=r"look leads to \[Light.RED\], not Light.GREEN"):
        LIGHTS.check_target("look", Light.RED, Light.GREEN)
    assert ("red", "go", "green") in LIGHTS.moves()
    assert ("green", "look", "green") in LIGHTS.moves()


def test_a_table_naming_an_unknown_status_is_refused_when_written():
    with pytest.raises(ValueError, match="unknown statuses"):
        Workflow(Light, [step("fly", {"sky"}, {Light.RED})])
