"""bin/audit's report: pip-audit's answer, completed from PyPI's project JSON where PyPI gave
pip-audit nothing for a version, and never an all-clear for a package nobody audited."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "audit_report.py"
spec = importlib.util.spec_from_file_location("audit_report", SCRIPT)
audit_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_report)

LOCK = """\
#    bin/lock
amqp==5.4.2 \\
    --hash=sha256:aaaa
    # via kombu
Django==5.2.19 \\
    --hash=sha256:bbbb
celery[redis]==5.7.0 \\
    --hash=sha256:cccc
requests==2.0.0 \\
    --hash=sha256:dddd
"""

ADVISORY = {
    "id": "PYSEC-2026-1",
    "aliases": ["CVE-2026-0001"],
    "fixed_in": ["5.4.3"],
    "summary": "A flaw.",
    "withdrawn": None,
}
WITHDRAWN = {**ADVISORY, "id": "PYSEC-2026-2", "withdrawn": "2026-11-01T00:00:00Z"}


def skipped(name, version):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name} ({version})"}


def projects(**newest):
    """A fake PyPI: each project's newest version and its advisories."""

    def fetch(name):
        version, vulnerabilities = newest[name]
        return {"info": {"version": version}, "vulnerabilities": vulnerabilities}

    return fetch


def test_the_pins_are_read_with_their_names_made_canonical():
    assert audit_report.pinned_versions(LOCK) == {
        "amqp": "5.4.2",
        "django": "5.2.19",
        "celery": "5.7.0",
        "requests": "2.0.0",
    }


def test_a_skipped_newest_release_is_audited_from_the_projects_advisories():
    answer = {"dependencies": [skipped("amqp", "5.4.2")]}
    rows = audit_report.audit(LOCK, answer, projects(amqp=("5.4.2", [ADVISORY, WITHDRAWN])))
    assert [(r["name"], r["version"], r["source"]) for r in rows] == [
        ("amqp", "5.4.2", "newest release")
    ]
    assert [v["id"] for v in rows[0]["vulns"]] == ["PYSEC-2026-1"]  # the withdrawn one left out
    assert rows[0]["vulns"][0]["fix_versions"] == ["5.4.3"]


def test_a_skipped_older_version_is_not_audited_and_fails_the_check(capsys):
    answer = {"dependencies": [skipped("Django", "5.2.19"), skipped("celery", "5.7.0")]}
    rows = audit_report.audit(LOCK, answer, projects(django=("6.1.3", []), celery=("5.7.0", [])))
    assert [(r["name"], r["source"]) for r in rows] == [
        ("django", None),
        ("celery", "newest release"),
    ]
    assert audit_report.report(rows) == 1
    out = capsys.readouterr().out
    assert "NOT AUDITED django 5.2.19" in out and "(6.1.3)" in out
    assert "2 packages: 1 audited (0 by pip-audit, 1 as the newest release" in out
    assert "1 not audited" in out


def test_pip_audits_own_findings_are_reported_and_fail_the_check(capsys):
    vuln = {"id": "GHSA-x", "fix_versions": ["2.0.1"], "aliases": [], "description": "Leak."}
    answer = {"dependencies": [{"name": "requests", "version": "2.0.0", "vulns": [vuln]}]}
    rows = audit_report.audit(LOCK, answer, fetch=None)  # PyPI is not asked again
    assert audit_report.report(rows, describe=True) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE  requests 2.0.0: GHSA-x (fixed in 2.0.1)" in out
    assert "Leak." in out


def test_every_package_audited_and_clean_passes(capsys):
    answer = {
        "dependencies": [
            {"name": "requests", "version": "2.0.0", "vulns": []},
            skipped("amqp", "5.4.2"),
        ]
    }
    rows = audit_report.audit(LOCK, answer, projects(amqp=("5.4.2", [])))
    assert audit_report.report(rows) == 0
    assert "2 packages: 2 audited (1 by pip-audit, 1 as the newest release from the project's " in (
        capsys.readouterr().out
    )
