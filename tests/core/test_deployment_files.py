"""docker-compose.yml, the Dockerfile and .env.example, checked by their content: there is
no Docker engine here to run them."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def env_example():
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def command(service) -> str:
    value = service["command"]
    return " ".join(value) if isinstance(value, list) else value


def test_the_five_services_and_the_migration_step(services):
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat"}


@pytest.mark.parametrize("name", APP_SERVICES)
def test_application_services_share_one_image_and_the_env_file(services, name):
    service = services[name]
    assert service["build"] == "." and service["image"] == "congress-office:latest"
    assert service["env_file"] == ".env"
    for dependency in ("postgres", "redis"):
        assert service["depends_on"][dependency] == {"condition": "service_healthy"}


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_nothing_starts_before_the_migrations_have_run(services, name):
    assert services[name]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert command(services["migrate"]) == "python manage.py migrate --noinput"
    assert services["migrate"]["restart"] == "no"


def test_web_serves_the_wsgi_application_on_8000_with_a_health_check(services):
    web = services["web"]
    assert command(web).startswith("gunicorn congress_office.wsgi:application")
    assert "--bind=0.0.0.0:8000" in command(web)
    assert web["ports"] == ["8000:8000"]
    assert "/healthz/" in " ".join(web["healthcheck"]["test"])
    assert "X-Forwarded-Proto" in " ".join(web["healthcheck"]["test"])


def test_worker_and_beat_run_celery_on_our_app(services):
    assert command(services["worker"]).startswith("celery -A congress_office worker")
    assert command(services["beat"]).startswith("celery -A congress_office beat")


def test_postgres_and_redis_have_health_checks_and_named_volumes(compose, services):
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert {"postgres-data", "redis-data", "media"} <= set(compose["volumes"])


def test_every_variable_the_deployment_needs_is_in_the_example(env_example):
    compose_text = (ROOT / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"(?<!\$)\$\{(\w+)\}", compose_text))
    needed = interpolated | {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "EMAIL_URL",
    }
    assert needed <= set(env_example), needed - set(env_example)


def test_the_example_urls_point_at_the_compose_services(env_example):
    database = urlparse(env_example["DATABASE_URL"])
    assert database.hostname == "postgres"
    assert database.username == env_example["POSTGRES_USER"]
    assert database.password == env_example["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == env_example["POSTGRES_DB"]
    for key in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL"):
        assert urlparse(env_example[key]).hostname == "redis"


def test_the_dockerfile(env_example):
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "fonts-noto-cjk" in dockerfile
    assert "compilemessages" in dockerfile and "collectstatic --noinput" in dockerfile
    instructions = dockerfile.replace("\\\n", " ")  # join continued lines
    env_lines = " ".join(re.findall(r"^ENV .*$", instructions, re.M))
    assert "SECRET_KEY" not in env_lines
    assert "DJANGO_SETTINGS_MODULE=congress_office.settings.production" in env_lines


def test_check_deploy_is_clean_with_the_example_values(env_example):
    env = {**os.environ, **env_example}
    env.update(
        DJANGO_SETTINGS_MODULE="congress_office.settings.production",
        DATABASE_URL="sqlite:////tmp/congress-compose-check.sqlite3",
        CACHE_URL="locmemcache://",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
