"""Content-Security-Policy: sent on every page, and no template needs an exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# E-mails are read in mail clients, not served under the policy (and need <style>).
TEMPLATES = sorted(
    path
    for path in (ROOT / "templates").rglob("*.html")
    if "emails" not in path.relative_to(ROOT / "templates").parts
)

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_ATTR = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _inline_scripts(source: str) -> list[str]:
    """<script> tags that would execute inline code (no src, not a JSON data block)."""
    found = []
    for match in SCRIPT_TAG.finditer(source):
        attributes = match.group(1)
        if "src=" in attributes or "application/json" in attributes:
            continue
        found.append(match.group(0))
    return found


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) >= 5


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT))
)
def test_template_has_no_inline_script_style_or_handler(template: Path) -> None:
    source = template.read_text(encoding="utf-8")

    assert _inline_scripts(source) == []
    assert STYLE_ATTR.findall(source) == []
    assert STYLE_TAG.findall(source) == []
    assert EVENT_ATTR.findall(source) == []
    assert JS_URL.findall(source) == []


def test_the_checks_catch_what_csp_would_block() -> None:
    assert _inline_scripts("<script>alert(1)</script>") == ["<script>"]
    assert _inline_scripts('<script src="/static/a.js"></script>') == []
    assert _inline_scripts('<script type="application/json" id="d">{}</script>') == []
    assert STYLE_ATTR.findall('<div class="x" style="color:red">')
    assert EVENT_ATTR.findall("<button onclick='go()'>")
    assert not EVENT_ATTR.findall('<div data-bs-toggle="collapse">')
    assert JS_URL.findall('<a href="javascript:void(0)">')


@pytest.mark.django_db
def test_pages_send_a_policy_without_inline_scripts(planner_client) -> None:
    response = planner_client.get("/")

    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";")
    )
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_the_style_nonce_in_the_page_matches_the_header(planner_client) -> None:
    response = planner_client.get("/")

    meta = re.search(
        r'<meta name="csp-nonce" content="([^"]+)">', response.content.decode()
    )
    assert meta is not None
    assert f"'nonce-{meta.group(1)}'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_login_page_has_the_policy_too(client) -> None:
    response = client.get("/accounts/login/")

    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_styles_or_eval(planner_client) -> None:
    page = planner_client.get("/").content.decode()

    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page
