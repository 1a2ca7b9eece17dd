"""Production settings (DEBUG off) are secure, and the gunicorn config is sane."""

from __future__ import annotations

import json
import multiprocessing
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "production-like-secret-for-tests-only-0123456789",
    "ALLOWED_HOSTS": "cchc.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://cchc.example.gov.vn",
    "SITE_URL": "https://cchc.example.gov.vn",
}

# The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rejects.
NOT_INHERITED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _run(
    code_or_args: list[str], env: dict[str, str], tmp_path
) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if key not in NOT_INHERITED
    }
    environment |= {"VAR_DIR": str(tmp_path / "var"), **env}
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path) -> None:
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION,
        tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_https_and_static_files(tmp_path) -> None:
    code = (
        "import django, json, os;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'nuithanh_cchc.settings');"
        "django.setup();"
        "from django.conf import settings as s;"
        "print(json.dumps({"
        "'session_secure': s.SESSION_COOKIE_SECURE,"
        "'csrf_secure': s.CSRF_COOKIE_SECURE,"
        "'ssl_redirect': s.SECURE_SSL_REDIRECT,"
        "'hsts': s.SECURE_HSTS_SECONDS,"
        "'idle_middleware': 'ops.middleware.IdleSessionMiddleware' in s.MIDDLEWARE,"
        "'session_age': s.SESSION_COOKIE_AGE,"
        "'static': s.STORAGES['staticfiles']['BACKEND'],"
        "'log_format': s.LOG_FORMAT,"
        "'validators': len(s.AUTH_PASSWORD_VALIDATORS),"
        "}))"
    )

    result = _run(["-c", code], PRODUCTION, tmp_path)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["session_secure"] is True
    assert values["csrf_secure"] is True
    assert values["ssl_redirect"] is True
    assert values["hsts"] >= 31536000
    assert values["idle_middleware"] is True
    assert values["session_age"] <= 60 * 60
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["log_format"] == "json"
    assert values["validators"] == 4


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    env = {**PRODUCTION, "SECRET_KEY": ""}

    result = _run(["manage.py", "check"], env, tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_gunicorn_workers_follow_the_cpu_count(monkeypatch) -> None:
    for name in ("GUNICORN_WORKERS", "GUNICORN_ACCESSLOG", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert config["workers"] == min(multiprocessing.cpu_count() * 2 + 1, 12)
    assert config["accesslog"] == "-"
    assert config["errorlog"] == "-"
    assert config["timeout"] == 120
    assert config["control_socket_disable"] is True


def test_gunicorn_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/cchc/gunicorn.sock")

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert config["workers"] == 3
    assert config["worker_class"] == "gthread"
    assert config["bind"] == "unix:/run/cchc/gunicorn.sock"


@pytest.mark.parametrize("unit", ["cchc-web", "cchc-worker", "cchc-beat"])
def test_systemd_units_run_as_the_service_user_with_the_env_file(unit: str) -> None:
    text = (ROOT / "deploy" / "systemd" / f"{unit}.service").read_text()

    assert "User=cchc" in text
    assert "EnvironmentFile=/etc/cchc/cchc.env" in text
    assert "ProtectSystem=strict" in text
    assert "Restart=on-failure" in text
