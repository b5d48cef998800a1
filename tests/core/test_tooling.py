"""Project hygiene that CI enforces through the test suite."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    # Exits non-zero (SystemExit) when makemigrations would write anything.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff_is_clean(args):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sessions_app_keeps_its_package_but_has_its_own_label():
    from django.apps import apps

    config = apps.get_app_config("congress_sessions")
    assert config.name == "sessions"
    assert apps.get_app_config("sessions").name == "django.contrib.sessions"
