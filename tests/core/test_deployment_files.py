"""docker-compose.yml, the Dockerfile and .env.example, checked by their content and, where
it can be done without Docker, by running what they run: the deploy checks with the example
settings, the worker's Celery configuration, and the web container's health check against a
real gunicorn."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILES = [
    ROOT / "congress_office" / "settings" / "base.py",
    ROOT / "congress_office" / "settings" / "production.py",
]
BACKUP_SCRIPT = ROOT / "bin" / "backup"
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("web", "worker", "beat")
# Read by base.py, but pinned by production.py (checked below), so not an example setting.
PINNED_IN_PRODUCTION = {"DEBUG"}


def parse_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as docker compose reads an env file (comments and blank lines skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, separator, value = line.partition("=")
            assert separator, f"not KEY=VALUE: {line!r}"
            values[key.strip()] = value.strip()
    return values


def settings_variables() -> set[str]:
    """Every environment variable the production settings read: env("X"), env.list("X"), ..."""
    names = set()
    for path in SETTINGS_FILES:
        names |= set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"'](\w+)[\"']", path.read_text()))
    return names


def backup_variables(services) -> set[str]:
    """The variables bin/backup reads ("${X:-default}") that the backup service does not set
    itself: what .env gives it."""
    read = set(re.findall(r"\$\{(\w+):[-?]", BACKUP_SCRIPT.read_text()))
    return read - set(services["backup"]["environment"])


def interpolated_variables(text: str) -> set[str]:
    """${VAR}, ${VAR:-default}, ${VAR:?error} and $VAR, but not the escaped $${VAR}."""
    found = re.findall(r"(?<!\$)\$(?:\{(\w+)[^}]*\}|([A-Za-z_]\w*))", text)
    return {braced or bare for braced, bare in found}


def compose_strings(node) -> list[str]:
    """Every key and value of the parsed compose file: what docker compose interpolates
    (comments are not)."""
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in compose_strings([key, value])]
    if isinstance(node, list):
        return [text for item in node for text in compose_strings(item)]
    return [str(node)]


def compose_variables(compose) -> set[str]:
    return interpolated_variables("\n".join(compose_strings(compose)))


def command_of(service) -> str:
    value = service["command"]
    return " ".join(value) if isinstance(value, list) else value


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continued lines joined and comments dropped."""
    lines = [
        line
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if not line.lstrip().startswith("#")
    ]
    joined = "\n".join(lines).replace("\\\n", " ")
    return [
        (kind.upper(), " ".join(arguments.split()))
        for kind, arguments in re.findall(r"^(\w+)\s+(.*)$", joined, re.M)
    ]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def example():
    return parse_env_file(ROOT / ".env.example")


@pytest.fixture(scope="module")
def instructions():
    return dockerfile_instructions()


@pytest.fixture
def example_environment(example, tmp_path):
    """The environment of an application container, with an SQLite database for the test.

    Variables of the calling shell that the settings read (DATABASE_URL, CELERY_BROKER_URL...)
    are dropped first, so that only the example's values count.
    """
    names = settings_variables() | set(example) | {"DJANGO_SETTINGS_MODULE"}
    environment = {key: value for key, value in os.environ.items() if key not in names}
    environment.update(example)
    environment.update(
        DJANGO_SETTINGS_MODULE="congress_office.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    return environment


# --- docker-compose.yml


def test_the_services(services):
    assert set(services) == {
        *("postgres", "redis", "migrate", "web", "worker", "beat", "backup", "restore")
    }
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_application_services_share_one_image_and_the_env_file(services, name):
    service = services[name]
    assert service["build"] == "."
    assert service["image"] == "congress-office:latest"
    assert service["env_file"] in (".env", [".env"])
    assert "environment" not in service, "settings belong in .env, not in the compose file"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_application_services_wait_for_healthy_postgres_and_redis(services, name):
    depends_on = services[name]["depends_on"]
    for backing in ("postgres", "redis"):
        assert depends_on[backing] == {"condition": "service_healthy"}


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_nothing_starts_before_the_migrations_have_run(services, name):
    assert services[name]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }


def test_the_migrate_service_migrates_once(services):
    migrate = services["migrate"]
    assert command_of(migrate) == "python manage.py migrate --noinput"
    assert migrate["restart"] == "no"
    assert "migrate" not in migrate["depends_on"]


@pytest.mark.parametrize("name", ["postgres", "redis", "backup", *LONG_RUNNING])
def test_long_running_services_restart_unless_stopped(services, name):
    assert services[name]["restart"] == "unless-stopped"


def test_web_serves_the_wsgi_application_on_8000(services, instructions):
    web = services["web"]
    assert re.fullmatch(
        r"gunicorn congress_office\.wsgi:application --bind[ =]0\.0\.0\.0:8000 .*",
        command_of(web),
    )
    assert web["ports"] == ["8000:8000"]
    assert ("EXPOSE", "8000") in instructions


def test_worker_and_beat_run_celery_on_the_project(services):
    assert command_of(services["worker"]).startswith("celery -A congress_office worker ")
    beat = command_of(services["beat"])
    assert beat.startswith("celery -A congress_office beat ")
    # The application's folder belongs to root: the schedule must be written elsewhere.
    assert re.search(r"--schedule[ =]/tmp/", beat)


def test_postgres_and_redis_have_health_checks(services):
    postgres = services["postgres"]["healthcheck"]["test"]
    assert postgres[0] == "CMD-SHELL" and "pg_isready" in postgres[1]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_postgres_takes_its_account_from_the_env_file(services, example):
    environment = services["postgres"]["environment"]
    for key in ("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"):
        assert interpolated_variables(environment[key]) == {key}
        assert example[key]


def test_data_lives_on_named_volumes(compose, services, example):
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redis-data:/data" in services["redis"]["volumes"]
    # Files the worker generates are downloaded through web: both see the same volume.
    for name in ("web", "worker"):
        assert f"media:{example['MEDIA_ROOT']}" in services[name]["volumes"]
    assert {"postgres-data", "redis-data", "media"} <= set(compose["volumes"])


def test_the_backup_service_runs_the_daily_backup_into_its_own_volume(compose, services, example):
    backup = services["backup"]
    # pg_dump of the server's major version: the same image as the database.
    assert backup["image"] == services["postgres"]["image"]
    assert backup["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert backup["env_file"] in (".env", [".env"])
    assert command_of(backup) == "bash /opt/congress-office/bin/backup --daily"
    assert "./bin:/opt/congress-office/bin:ro" in backup["volumes"]
    # The files it reads, read-only; the backups in a volume of their own, to copy off.
    assert f"media:{example['MEDIA_ROOT']}:ro" in backup["volumes"]
    assert f"backups:{backup['environment']['BACKUP_ROOT']}" in backup["volumes"]
    assert "backups" in compose["volumes"]
    assert int(example["BACKUP_KEEP_DAYS"]) >= 1
    assert re.fullmatch(r"[0-2]\d:[0-5]\d", example["BACKUP_TIME"])


def test_the_restore_runs_only_when_asked_with_the_media_volume_writable(services, example):
    restore = services["restore"]
    assert restore["profiles"] == ["restore"]  # never started by `docker compose up`
    assert restore["image"] == services["postgres"]["image"]
    assert restore["entrypoint"] == ["bash", "/opt/congress-office/bin/restore"]
    assert f"media:{example['MEDIA_ROOT']}" in restore["volumes"]
    assert "backups:/backups:ro" in restore["volumes"]
    assert "restart" not in restore


# --- .env.example


def test_the_example_has_every_variable_the_deployment_reads(
    compose, services, example, instructions
):
    build_args = {arguments.split("=")[0] for kind, arguments in instructions if kind == "ARG"}
    # Docker substitutes variables in every instruction but RUN, CMD and ENTRYPOINT (the shell
    # of the running container does those).
    in_dockerfile = interpolated_variables(
        " ".join(args for kind, args in instructions if kind not in ("RUN", "CMD", "ENTRYPOINT"))
    )
    interpolated = compose_variables(compose) | (in_dockerfile - build_args)
    assert {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"} <= interpolated
    read_by_settings = settings_variables() - PINNED_IN_PRODUCTION | backup_variables(services)
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"} <= read_by_settings
    missing = (interpolated | read_by_settings) - set(example)
    assert not missing, f"not in .env.example: {sorted(missing)}"


def test_the_example_has_no_variable_that_nothing_reads(compose, services, example):
    read = settings_variables() | compose_variables(compose) | backup_variables(services)
    unused = set(example) - read
    assert not unused, f"read by nothing (a typo?): {sorted(unused)}"


def test_production_pins_what_the_example_leaves_out():
    production = (ROOT / "congress_office" / "settings" / "production.py").read_text()
    assert re.search(r"^DEBUG = False$", production, re.M)


def test_every_example_value_has_a_comment_above_it():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for index, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert index and lines[index - 1].startswith("#"), f"no comment above {line!r}"


def test_the_example_secret_key_is_marked_and_easy_to_replace():
    text = (ROOT / ".env.example").read_text()
    comment, value = re.search(r"((?:^#.*\n)+)SECRET_KEY=(.*)$", text, re.M).groups()
    assert "change me" in comment and "secrets.token_urlsafe" in comment
    assert value.startswith("change-me") and len(value) >= 50


def test_the_example_urls_point_at_the_compose_services(example):
    database = urlparse(example["DATABASE_URL"])
    assert database.scheme in ("postgres", "postgresql", "pgsql")
    assert database.hostname == "postgres"
    assert database.username == example["POSTGRES_USER"]
    assert database.password == example["POSTGRES_PASSWORD"]
    assert database.path == f"/{example['POSTGRES_DB']}"
    assert example["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    for key in ("CELERY_RESULT_BACKEND", "CACHE_URL"):
        assert urlparse(example[key]).hostname == "redis"


def test_the_example_site_and_locale(example):
    assert example["ALLOWED_HOSTS"] == "congress.example.org"
    assert example["CSRF_TRUSTED_ORIGINS"] == "https://congress.example.org"
    assert example["EMAIL_URL"] == "smtp+tls://user:password@smtp.example.org:587"
    assert (example["TIME_ZONE"], example["LANGUAGE_CODE"]) == ("Asia/Shanghai", "zh-hans")


def test_the_example_file_paths_are_the_image_paths(example, instructions):
    workdir = [arguments for kind, arguments in instructions if kind == "WORKDIR"][-1]
    # collectstatic ran at build time into the default STATIC_ROOT, BASE_DIR / "staticfiles".
    assert example["STATIC_ROOT"] == f"{workdir}/staticfiles"
    assert example["MEDIA_ROOT"] == f"{workdir}/media"


def test_check_deploy_is_clean_with_the_example_settings(example_environment):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=example_environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_the_worker_would_use_the_redis_broker(example_environment):
    program = (
        "from congress_office.celery import app\n"
        "print(app.conf.broker_url, app.conf.task_always_eager, len(app.conf.beat_schedule))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=example_environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    broker, eager, scheduled = result.stdout.split()
    assert (broker, eager) == ("redis://redis:6379/0", "False")
    assert int(scheduled) > 0


# --- Dockerfile and .dockerignore


def test_the_image_is_python_3_11_and_runs_as_another_user(instructions):
    assert [arguments for kind, arguments in instructions if kind == "FROM"] == [
        "python:3.11-slim-bookworm"
    ]
    users = [arguments for kind, arguments in instructions if kind == "USER"]
    assert users and users[-1] not in ("root", "0"), users


def test_the_image_has_the_system_packages_of_install_sh(instructions):
    install_sh = (ROOT / "bin" / "install.sh").read_text()
    packages = re.search(r"^BASE_DEBIAN_PACKAGES=\((.*)\)$", install_sh, re.M)[1].split()
    assert "fonts-noto-cjk" in packages
    apt = next(
        arguments for kind, arguments in instructions if kind == "RUN" and "apt-get" in arguments
    )
    assert "apt-get install -y --no-install-recommends" in apt
    assert set(packages) <= set(apt.split())
    assert "rm -rf /var/lib/apt/lists/*" in apt


def test_the_image_installs_the_project_without_dev_extras(instructions):
    runs = [arguments for kind, arguments in instructions if kind == "RUN"]
    assert any(re.search(r"\bpip install (--no-deps )?\.(\s|$)", run) for run in runs)
    assert not any("[dev]" in run or "-e " in run for run in runs)


def test_the_image_compiles_translations_and_collects_static_files(instructions):
    build = next(
        arguments
        for kind, arguments in instructions
        if kind == "RUN" and "collectstatic" in arguments
    )
    assert "manage.py compilemessages --ignore=.venv" in build
    assert "manage.py collectstatic --noinput" in build
    # The settings need a secret key and hosts even to build: dummies, for that command only.
    assert "SECRET_KEY=" in build and "ALLOWED_HOSTS=" in build
    assert "DJANGO_SETTINGS_MODULE=congress_office.settings.production" in build
    user_at = next(index for index, (kind, _) in enumerate(instructions) if kind == "USER")
    assert instructions.index(("RUN", build)) < user_at, "built as root, before USER"


def test_no_secret_is_baked_into_the_image(instructions):
    kept = " ".join(arguments for kind, arguments in instructions if kind in ("ENV", "ARG"))
    assert "SECRET_KEY" not in kept
    assert "PASSWORD" not in kept
    assert "DJANGO_SETTINGS_MODULE=congress_office.settings.production" in kept
    assert "PYTHONUNBUFFERED=1" in kept


def test_the_image_starts_gunicorn_by_default(instructions, services):
    cmd = json.loads([arguments for kind, arguments in instructions if kind == "CMD"][-1])
    assert cmd == [
        "gunicorn",
        "congress_office.wsgi:application",
        "--bind",
        "0.0.0.0:8000",
        "--workers",
        "3",
        "--access-logfile",
        "-",
    ]
    assert services["web"]["command"] == cmd


def test_dockerignore_keeps_local_state_and_secrets_out():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".venv", ".git", "db.sqlite3", "media", "staticfiles"} <= ignored
    assert ignored & {"__pycache__", "**/__pycache__"}
    # What the image is built from stays in.
    assert not ignored & {".env.example", "locale", "static", "pyproject.toml", "README.md"}


# --- The web container's health check, run against a real gunicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn stopped:\n{log.read_text()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")


def run_health_check(script: str, environment: dict, healthcheck: dict):
    """The check run as Docker runs it: gunicorn opens its port before its worker has loaded
    Django, and on a loaded machine the first answer can take longer than the check's own
    timeout; Docker tries again (`retries`, after `start_period`) before calling the container
    unhealthy, so a check that never passes still fails here."""
    for _ in range(healthcheck["retries"]):
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=environment,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode == 0:
            break
        time.sleep(1)
    return result


def test_the_web_health_check_passes_against_the_web_command(
    services, example_environment, tmp_path
):
    """The health check as written, sent to the web command with the example settings (only
    the port and the database differ): a redirect to https or a Host header that Django
    rejects would make it fail here as it would in the container."""
    port = free_port()
    command = [
        f"127.0.0.1:{port}" if part == "0.0.0.0:8000" else part
        for part in services["web"]["command"]
    ]
    assert command[0] == "gunicorn" and f"127.0.0.1:{port}" in command
    check = services["web"]["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "-c"]
    script = check[3]
    assert script.count("127.0.0.1:8000/healthz/") == 1
    assert "X-Forwarded-Proto" in script and "https" in script
    (tmp_path / "static").mkdir()
    environment = {**example_environment, "STATIC_ROOT": str(tmp_path / "static")}
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", *command],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, server, log)
        result = run_health_check(
            script.replace(":8000/", f":{port}/"), environment, services["web"]["healthcheck"]
        )
        assert result.returncode == 0, result.stderr + log.read_text()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert '"GET /healthz/ HTTP/1.1" 200' in log.read_text()
