"""The large office is a development tool (devdata/): the dev and test settings install it;
production's settings, the packages pyproject installs and the Docker image do not hold it,
and no shipped app imports it."""

import fnmatch
import json
import re
import tomllib

import pytest

from .test_settings import ROOT, run_django

SHIPPED_APPS = ["congress_office", "delegates", "sessions", "proposals", "evaluations"]
PROBE = "import json; from django.conf import settings; print(json.dumps(settings.INSTALLED_APPS))"


def installed_apps(settings_module, **env_vars):
    result = run_django(settings_module, PROBE, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("settings_module", ["dev", "test"])
def test_the_dev_and_test_settings_install_the_large_office(settings_module):
    assert "devdata" in installed_apps(f"congress_office.settings.{settings_module}")


def test_production_settings_do_not_know_the_large_office():
    apps = installed_apps(
        "congress_office.settings.production",
        SECRET_KEY="k" * 64,
        ALLOWED_HOSTS="congress.example.org",
    )
    assert "proposals" in apps
    assert not [app for app in apps if app.split(".")[0] == "devdata"]


def test_the_installed_packages_and_the_image_leave_it_out():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]

    def installed(package):
        return any(fnmatch.fnmatchcase(package, pattern) for pattern in include)

    assert all(installed(app) for app in SHIPPED_APPS)
    assert not installed("devdata") and not installed("devdata.large_office")
    ignored = {
        line.strip().strip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert "devdata" in ignored


def test_no_shipped_app_imports_it():
    importing = re.compile(r"^\s*(from|import)\s+devdata\b", re.MULTILINE)
    found = [
        str(path.relative_to(ROOT))
        for app in SHIPPED_APPS
        for path in (ROOT / app).rglob("*.py")
        if importing.search(path.read_text())
    ]
    assert found == []
