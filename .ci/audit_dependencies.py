"""Run pip-audit on the installed packages; fail on real findings only.

Usage: python .ci/audit_dependencies.py

pip-audit asks a vulnerability service (PyPI's JSON API by default) about every
installed package. Where that service cannot be reached (an office network, a mirror
without the JSON API), every package comes back "could not be audited": that is
reported loudly but does not fail the build. A known vulnerability always fails it,
unless its id is listed in .ci/pip-audit-ignore.txt with the reason explained in
docs/security.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
IGNORE_FILE = HERE / "pip-audit-ignore.txt"
NETWORK_HINTS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "timed out",
    "Could not resolve host",
    "Network is unreachable",
)


def ignored_ids() -> list[str]:
    if not IGNORE_FILE.exists():
        return []
    ids = []
    for line in IGNORE_FILE.read_text().splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            ids.append(entry)
    return ids


def main() -> int:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--local",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    for vuln_id in ignored_ids():
        command += ["--ignore-vuln", vuln_id]
    # A fixed command, no shell.
    proc = subprocess.run(  # noqa: S603  # nosec B603
        command, capture_output=True, text=True, timeout=600, check=False
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        if any(hint in proc.stderr for hint in NETWORK_HINTS):
            print("pip-audit: WARNING the vulnerability service is unreachable;")
            print("nothing was audited (see docs/security.md).")
            return 0
        print(proc.stdout + proc.stderr)
        print("pip-audit: failed to run")
        return 1

    dependencies = report.get("dependencies", [])
    findings = [
        (dep["name"], dep.get("version", "?"), vuln)
        for dep in dependencies
        for vuln in dep.get("vulns", [])
    ]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    audited = len(dependencies) - len(skipped)
    for name, version, vuln in findings:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"VULNERABLE {name}=={version} {vuln['id']} (fixed in: {fixes})")
    if findings:
        print(f"pip-audit: {len(findings)} known vulnerabilities; upgrade the pins or")
        print("explain each in docs/security.md and .ci/pip-audit-ignore.txt.")
        return 1
    if dependencies and audited == 0:
        print(
            f"pip-audit: WARNING none of {len(dependencies)} packages could be "
            "audited: the vulnerability service is unreachable from here "
            f"({skipped[0]['skip_reason']}). See docs/security.md."
        )
        return 0
    print(
        f"pip-audit: {audited} packages audited, no known vulnerabilities"
        + (f" ({len(skipped)} not found on the index)" if skipped else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
