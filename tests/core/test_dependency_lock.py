"""The lock files (requirements/base.txt and dev.txt, written by bin/lock) pin every dependency
pyproject.toml declares, at versions it allows, with hashes; and every install reads them."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
BASE_LOCK = ROOT / "requirements" / "base.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(line) for line in listed]


def pins(lock_text: str) -> dict[str, tuple[str, int]]:
    """{name: (version, number of hashes)} of a pip-compile lock."""
    found = {}
    for block in re.split(r"\n(?=\S)", lock_text):
        pin = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if pin:
            found[canonicalize_name(pin[1])] = (pin[2], block.count("--hash=sha256:"))
    return found


def unlocked(requirements: list[Requirement], lock_text: str) -> list[str]:
    """The requirements that the lock does not pin at a version they allow, each with why."""
    locked = pins(lock_text)
    problems = []
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        if name not in locked:
            problems.append(f"{requirement.name}: not in the lock")
        elif not requirement.specifier.contains(locked[name][0], prereleases=True):
            problems.append(f"{requirement.name}: {locked[name][0]} is not {requirement.specifier}")
    return problems


@pytest.fixture(scope="module")
def base_lock():
    return BASE_LOCK.read_text()


@pytest.fixture(scope="module")
def dev_lock():
    return DEV_LOCK.read_text()


def test_the_application_lock_pins_every_dependency(base_lock):
    assert len(declared()) >= 10
    assert unlocked(declared(), base_lock) == []


def test_the_dev_lock_pins_every_dependency_and_the_dev_extra(dev_lock):
    assert len(declared("dev")) >= 5
    assert unlocked(declared() + declared("dev"), dev_lock) == []


def test_a_dependency_missing_from_the_lock_is_named(base_lock):
    django = next(r for r in declared() if r.name == "Django")
    without_django = re.sub(r"(?ms)^django==.*?(?=^\S)", "", base_lock)
    assert "django==" in base_lock and "django==" not in without_django
    assert unlocked(declared(), without_django) == ["Django: not in the lock"]
    too_old = re.sub(r"(?m)^django==\S+", "django==4.2.0", base_lock)
    assert unlocked([django], too_old) == [f"Django: 4.2.0 is not {django.specifier}"]


def test_every_locked_package_is_hashed_and_the_dev_lock_keeps_the_application_versions(
    base_lock, dev_lock
):
    base, dev = pins(base_lock), pins(dev_lock)
    assert all(hashes for _, hashes in base.values()), base
    assert all(hashes for _, hashes in dev.values()), dev
    assert {name: version for name, (version, _) in base.items()} == {
        name: version for name, (version, _) in dev.items() if name in base
    }
    # pip and setuptools too: the venv's installer and the project's build are locked.
    assert {"pip", "setuptools", "pip-audit", "pip-tools"} <= set(dev)


def test_installs_read_the_locks_and_the_project_brings_nothing_unlocked():
    install_sh = (ROOT / "bin" / "install.sh").read_text()
    # Every dependency from the lock, none resolved anew, and checked whole afterwards.
    assert "--no-deps --require-hashes -r requirements/dev.txt" in install_sh
    assert "pip check" in install_sh
    assert "--no-deps --no-build-isolation -e ." in install_sh
    # Reinstalled when the lock changes, not only pyproject.toml.
    assert "cat pyproject.toml requirements/dev.txt | sha256sum" in install_sh
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements/base.txt" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    assert "dev.txt" not in dockerfile
