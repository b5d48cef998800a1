"""The report of bin/audit: pip-audit's answer for one lock file, completed where PyPI would
not give pip-audit the advisories of a pinned version.

pip-audit asks PyPI for each version's own JSON (/pypi/NAME/VERSION/json), which lists the
advisories that apply to that version. Where that answer is missing (a mirror or proxy that
serves only the project's JSON answers 404 there), pip-audit skips the package. The project's
JSON (/pypi/NAME/json) lists, in the same form, the advisories of the newest release: so a
pinned version that is the newest release is audited from it, and any other is reported as
not audited. Nothing is guessed: a package is "clean" only on PyPI's word for its version.

    python bin/audit_report.py LOCK PIP_AUDIT_JSON [--desc]

Prints one line per package that is vulnerable or not audited, then a summary; exits 1 when
any advisory applies or any package could not be audited, 0 otherwise.
"""

import json
import re
import sys
import urllib.request

from packaging.utils import canonicalize_name as canonical

PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def pinned_versions(lock_text: str) -> dict[str, str]:
    """{canonical name: version} of every `name==version` line of a pip-compile lock."""
    pins = {}
    for line in lock_text.splitlines():
        match = PIN.match(line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def fetch_project(name: str) -> dict:
    with urllib.request.urlopen(PROJECT_JSON.format(name=name), timeout=30) as answer:
        return json.load(answer)


def advisories(vulnerabilities: list[dict]) -> list[dict]:
    """PyPI's advisory entries as pip-audit reads them: withdrawn ones left out."""
    return [
        {
            "id": v["id"],
            "aliases": v.get("aliases", []),
            "fix_versions": v.get("fixed_in", []),
            "description": (v.get("summary") or v.get("details") or "").replace("\n", " "),
        }
        for v in vulnerabilities or []
        if v.get("withdrawn") is None
    ]


def audit(lock_text: str, pip_audit: dict, fetch=fetch_project) -> list[dict]:
    """One row per pinned package: name, version, how it was audited ("pip-audit", "newest
    release", or None when it could not be), its advisories, and why it was not audited."""
    pins = pinned_versions(lock_text)
    rows = []
    for dependency in pip_audit["dependencies"]:
        name = canonical(dependency["name"])
        version = dependency.get("version") or pins.get(name, "?")
        row = {"name": name, "version": version, "source": "pip-audit", "vulns": [], "why": ""}
        if "skip_reason" not in dependency:
            row["vulns"] = [
                {**v, "fix_versions": v.get("fix_versions", [])} for v in dependency["vulns"]
            ]
        else:
            project = fetch(name)
            newest = project["info"]["version"]
            if newest == version:
                row["source"] = "newest release"
                row["vulns"] = advisories(project.get("vulnerabilities"))
            else:
                row["source"] = None
                row["why"] = (
                    f"PyPI gave no advisories for {version}; its data here is for the newest "
                    f"release only ({newest})"
                )
        rows.append(row)
    return rows


def report(rows: list[dict], describe: bool = False) -> int:
    vulnerable = [row for row in rows if row["vulns"]]
    unaudited = [row for row in rows if row["source"] is None]
    for row in vulnerable:
        for vuln in row["vulns"]:
            fixed = ", ".join(vuln["fix_versions"]) or "no fixed version"
            print(f"VULNERABLE  {row['name']} {row['version']}: {vuln['id']} (fixed in {fixed})")
            if describe and vuln.get("description"):
                print(f"            {vuln['description']}")
    for row in unaudited:
        print(f"NOT AUDITED {row['name']} {row['version']}: {row['why']}")
    by_newest = sum(row["source"] == "newest release" for row in rows)
    print(
        f"{len(rows)} packages: {len(rows) - len(unaudited)} audited "
        f"({len(rows) - len(unaudited) - by_newest} by pip-audit, {by_newest} as the newest "
        f"release from the project's advisories), {len(vulnerable)} with a known "
        f"vulnerability, {len(unaudited)} not audited"
    )
    return 1 if vulnerable or unaudited else 0


def main(argv: list[str]) -> int:
    lock, pip_audit_json = argv[0], argv[1]
    with open(lock) as lock_file, open(pip_audit_json) as answer:
        rows = audit(lock_file.read(), json.load(answer))
    return report(rows, describe="--desc" in argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
