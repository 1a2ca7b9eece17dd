"""Every page, as every role, from a browser that asks for English: no English text.

The test signs in as the demo user of each role, sends ``Accept-Language: en-US``
and walks the site: every URL pattern of the project that takes no argument, the
Django admin's index, every changelist and add form, and every same-site link found
on the pages (two pages of each shape, e.g. two ``/tasks/<id>/``). It then checks
that every URL pattern of the project (and the admin page of every registered model)
was reached by some role, so a page added later is checked without editing this test.

"English" is decided by words, not by a list of phrases: the English vocabulary is
every word of every message id in the translation catalogues the site uses (Django,
its contrib apps, axes, django-celery-beat, django-filter, simple-history and the
project's own), less the words that Vietnamese translations themselves use (``email``,
``PDF``, ``CSV``…). A visible word of a page (text, and the ``title``, ``placeholder``,
``aria-label``, ``alt`` attributes and button values) that is in that vocabulary is
untranslated English: "Access attempts", "Toggle theme", "(descending)" all fail.
Data is not interface: user names, e-mail addresses, URLs and dotted or slashed
identifiers (task names, time zones) are left out. Proper names that are English
words are allowed explicitly below, with a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db.models import Q
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import SavedFilter, User
from accounts.roles import Role
from campaigns.models import (
    EvidenceFile,
    IssuedReportFile,
    OfficialDay,
    Plan,
    ProgressReport,
    Task,
)
from campaigns.services.issued_reports import (
    IssuedContent,
    IssueFacts,
    issued_report_issue,
)
from campaigns.tallies import tallies_kept

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
PER_SHAPE = 1
MAX_PAGES_PER_ROLE = 400
# Not followed: they change state, download files or leave the HTML site.
SKIP = ("/logout", "/static/", "/favicon.ico")

# Words of the vocabulary that are allowed on a page, and why.
ALLOWED = {
    "cchc": "the campaign's abbreviation (cải cách hành chính)",
    "ubnd": "Ủy ban nhân dân, an abbreviation",
    "par": "the PAR index, a proper name",
    "index": "in 'PAR index', a proper name",
    "english": "the name of the English language in the language switch",
    "email": "used by Vietnamese as is",
    "interval": "an RRULE keyword (FREQ=MONTHLY;INTERVAL=3), shown as the rule's text",
}

# URL patterns that have no page to render with GET, and why.
NO_PAGE = {
    "accounts:language": "POST only: the language switch",
    "logout": "POST only",
    "favicon": "redirects to the static icon",
    "healthz": "JSON for monitoring",
    "notifications:open": "marks a notification read and redirects to its page",
    "notifications:read": "POST only: marks a notification read",
    "workspace:evidence_delete": "the question before a removal, reached from a "
    "report's edit page (tests/workspace/test_evidence_removal.py)",
    "setup": "only on an installation with no organisation (tests/organisation)",
    "reports:issue": "POST only: issues the report on the page",
}


# --- the vocabulary ----------------------------------------------------------------


def _po_files() -> list[Path]:
    """Every django.po of the site's catalogues (any language: the msgids are the
    English source strings) plus the Vietnamese ones (their msgstrs)."""
    roots = [Path(django.__file__).parent / "conf" / "locale"]
    roots += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    roots += [Path(path) for path in settings.LOCALE_PATHS]
    files = []
    for root in roots:
        files += root.glob("*/LC_MESSAGES/django.po")
        files += root.glob("*/LC_MESSAGES/djangojs.po")
    return files


def _po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, plurals joined, obsolete ones left out."""
    entries: list[tuple[str, str]] = []
    msgid: list[str] = []
    msgstr: list[str] = []
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("msgid"):
            if msgid:
                entries.append(("".join(msgid), "".join(msgstr)))
            msgid, msgstr = [], []
            current = msgid
        elif line.startswith("msgstr"):
            current = msgstr
        if current is not None and '"' in line:
            current.append(line[line.index('"') + 1 : line.rindex('"')] + " ")
    if msgid:
        entries.append(("".join(msgid), "".join(msgstr)))
    return entries


def _words(text: str) -> set[str]:
    text = re.sub(r"%\(\w+\)[sdfr]|%[sdfr]|\{[^}]*\}|<[^>]*>|\\n", " ", text)
    return {w.lower() for w in re.findall(r"(?<![\w'])[A-Za-z]{2,}(?![\w'])", text)}


def _vocabulary() -> set[str]:
    english: set[str] = set()
    vietnamese: set[str] = set()
    for path in _po_files():
        language = path.parent.parent.name
        for msgid, msgstr in _po_entries(path):
            english |= _words(msgid)
            if language == "vi":
                vietnamese |= _words(msgstr)
    return english - vietnamese - set(ALLOWED)


# --- what a page shows -------------------------------------------------------------


class _VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template", "noscript"}
    SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-confirm"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.in_identifier_option = False
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        # An option naming a path-like identifier (a time zone such as
        # "America/Port_of_Spain") is data, whatever words it contains.
        value = values.get("value") or ""
        self.in_identifier_option = tag == "option" and "/" in value
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        # Forms and htmx requests too: a POST-only address answers GET with 405,
        # which still shows that it was found (it has no page to check).
        for name in ("action", "hx-get", "hx-post"):
            if values.get(name):
                self.links.append(values[name] or "")
        for name, value in attrs:
            if value and name in self.SHOWN_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and not self.in_identifier_option:
            self.parts.append(data)
        self.in_identifier_option = False


def _page_words(text: str, data_words: set[str]) -> set[str]:
    """The words of visible text, without data: addresses, identifiers, names."""
    kept = []
    for token in text.split():
        if re.search(r"@|://|[\w-]\.[\w-]|[\w-]/[\w-]|_", token):
            continue
        if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", token.strip(",;:()")):
            continue  # a slug ("can-bo"), not a phrase
        kept.append(token)
    return _words(" ".join(kept)) - data_words


# --- the walk ----------------------------------------------------------------------


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or str(pattern.pattern) == "admin/":
                continue
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def _paths_without_arguments(resolver: URLResolver, prefix: str = "") -> list[str]:
    paths = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                paths += _paths_without_arguments(pattern, route)
        elif "<" not in route and "(" not in route:
            paths.append("/" + route.replace("^", "").replace("$", ""))
    return paths


def _admin_pages() -> list[str]:
    pages = ["/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(f"/admin/{meta.app_label}/{meta.model_name}/")
        pages.append(f"/admin/{meta.app_label}/{meta.model_name}/add/")
    return pages


def _walk(client: Client, start: list[str], data_words, vocabulary, found, reached):
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue = deque(start)
    visited = 0
    while queue and visited < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        shape = re.sub(r"\d+", "N", path)
        if path in seen or shapes[shape] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape] += 1
        visited += 1
        try:
            match = resolve(path)
        except Resolver404:
            continue
        response = client.get(path, **ENGLISH_BROWSER)
        if response.status_code >= 500:
            found["(server error)"].add(path)
        elif response.status_code not in (403, 404):
            reached.add(match.view_name)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        parser = _VisibleText()
        parser.feed(response.content.decode())
        for word in _page_words(" ".join(parser.parts), data_words) & vocabulary:
            found[word].add(path)
        for href in parser.links:
            url = urlparse(urldefrag(href)[0])
            if url.scheme or url.netloc or not url.path.startswith("/"):
                continue
            if any(part in url.path for part in SKIP) or url.path in seen:
                continue
            if (
                url.path.startswith("/admin/")
                and not response.wsgi_request.user.is_staff
            ):
                continue
            queue.append(url.path)


@pytest.fixture
def demo(demo_db) -> None:
    # This year's plan of the commune the demo's accounts work in is the live
    # one (its 2024 plan is closed).
    plan = (
        Plan.objects.filter(
            status=Plan.Status.ISSUED,
            organisation__memberships__user__username="planner",
        )
        .order_by("-year")
        .first()
    )
    plan.signed_file.save("45-KH-UBND.pdf", ContentFile(b"%PDF-1.4 ky"), save=True)
    live = ProgressReport.objects.filter(task__plan=plan)
    report = live.filter(task__unit__head__username="unithead").first() or live.first()
    content = b"%PDF-1.4 bien ban"
    evidence = EvidenceFile(
        report=report,
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=len(content),
        uploaded_by=report.submitted_by,
    )
    evidence.file.save(evidence.original_name, ContentFile(content), save=True)
    # An issued report, so the register lists a file to download.
    issued_report_issue(
        actor=User.objects.get(username="planner"),
        plan=plan,
        period="q3",
        as_of=dt.date(plan.year, 9, 30),
        facts=IssueFacts("25", timezone.localdate(), "Nguyễn Văn Hùng"),
        symbol="BC-UBND",
        title="Báo cáo kết quả quý III",
        figures={},
        files=[IssuedContent("csv", "bao-cao-q3.csv", b"STT\n")],
    )
    in_progress = Task.objects.filter(
        plan=plan, status=Task.Status.IN_PROGRESS, unit__head__username="unithead"
    ).first()
    if in_progress:
        # Written around the services: the task's progress counters kept here.
        with tallies_kept(Q(pk=in_progress.pk)):
            ProgressReport.objects.create(
                task=in_progress, actual_output=1, submitted_by=in_progress.unit.head
            )
    # A saved filter of the review queue: its link and its delete form.
    planner = User.objects.get(username="planner")
    SavedFilter.objects.create(
        user=planner,
        organisation=plan.organisation,
        page=SavedFilter.Page.REVIEWS,
        name="Chờ duyệt",
        query="status=submitted",
    )
    # An organisation's own day off this year: its edit and delete pages.
    OfficialDay.objects.create(
        organisation=plan.organisation,
        date=dt.date(timezone.localdate().year, 3, 26),
        kind=OfficialDay.Kind.DAY_OFF,
        name="Ngày thành lập Đoàn (nghỉ theo quyết định của xã)",
    )


def _rich_pages(user: User) -> list[str]:
    """Pages that show the most: a task with evidence, a plan with its signed file."""
    pages = [Plan.objects.exclude(signed_file="").first().get_absolute_url()]
    evidence = EvidenceFile.objects.filter(
        report__task__in=Task.objects.visible_to(user)
    ).first()
    if evidence:
        pages.append(evidence.report.task.get_absolute_url())
    # A task of each status of the live plan: each offers its own actions
    # (start, report, done, reopen, assign, edit a report).
    live = Task.objects.visible_to(user).filter(plan__status=Plan.Status.ISSUED)
    for status in Task.Status:
        task = live.filter(status=status).order_by("due_date", "pk").first()
        if task:
            pages.append(task.get_absolute_url())
    # A file of the register of issued reports (a download, deep in the walk).
    issued = IssuedReportFile.objects.filter(
        report__organisation__memberships__user=user
    ).first()
    if issued:
        pages.append(
            reverse("reports:register_file", args=[issued.report_id, issued.kind])
        )
    # The secret addresses: the personal calendar feed and a password reset link.
    # Digits only: a random token's letters would read as words on the admin page.
    user.calendar_token = f"{user.pk:040d}"
    user.save(update_fields=["calendar_token"])
    pages.append(reverse("calendar_feed", args=[user.calendar_token]))
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    pages.append(reverse("password_reset_confirm", args=[uid, token]))
    return pages


def _one_user_per_role() -> list[User]:
    users = []
    for role in Role:
        user = (
            User.objects.filter(memberships__role=role, is_active=True)
            .order_by("pk")
            .first()
        )
        if user:
            users.append(user)
    return users


def test_no_page_shows_english_to_any_role_whatever_the_browser_asks(demo) -> None:
    vocabulary = _vocabulary()
    assert {"access", "attempts", "toggle", "descending"} <= vocabulary
    data_words = set()
    for username in User.objects.values_list("username", flat=True):
        data_words |= _words(username.replace("-", " ").replace(".", " "))

    found: dict[str, set[str]] = defaultdict(set)
    reached: set[str] = set()
    users = _one_user_per_role()
    assert len(users) >= 4
    # The city's leader: the roll-up of its communes is a province's page.
    users.append(User.objects.get(username="tinh-leader"))
    for user in users:
        client = Client()
        client.force_login(user)
        # Each rich page in a walk of its own: several task pages share one
        # shape, which a walk visits only PER_SHAPE times.
        for page in _rich_pages(user):
            _walk(client, [page], data_words, vocabulary, found, reached)
        start = ["/", *_paths_without_arguments(get_resolver())]
        if user.is_staff:
            start += _admin_pages()
        _walk(client, start, data_words, vocabulary, found, reached)
    _walk(Client(), ["/accounts/login/"], data_words, vocabulary, found, reached)

    english = {word: sorted(paths)[:3] for word, paths in sorted(found.items())}
    assert not english, "English on the pages:\n" + "\n".join(
        f"{word}: {', '.join(paths)}" for word, paths in english.items()
    )
    missing = _url_names(get_resolver()) - reached - set(NO_PAGE)
    assert missing == set(), f"pages never reached: {sorted(missing)}"
    # Every changelist, and every add form the admin offers (logs have none).
    request = RequestFactory().get("/admin/")
    request.user = next(user for user in users if user.is_superuser)
    admin_views = set()
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        admin_views.add(f"{name}_changelist")
        if model_admin.has_add_permission(request):
            admin_views.add(f"{name}_add")
    assert admin_views - reached == set()
