"""Shared personas and fixtures.

Personas (STYLE.md): coordinator, organisation admin, submitter, reviewer, team member,
expert, a member of another municipality, an outsider who must see nothing, and the
anonymous citizen (the plain `client`).
"""

import importlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from .factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory

IN_CI = os.environ.get("CI") == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in the test thread; Django's ORM must be told
# that synchronous calls from there are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

try:
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("ci", max_examples=30, deadline=None)
    hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
    hypothesis_settings.load_profile("ci" if IN_CI else "dev")
except ImportError:  # pragma: no cover
    pass


def skip_or_fail(reason: str) -> None:
    """Skip where a tool is absent on a developer machine; fail under CI=true."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(fixtures)
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pytest-django runs the transactional tests last, because each ends by emptying every
    table — the rows that migrations seed (the method library) included. pytest then regroups
    tests by parametrised session fixtures (Playwright's browser), which moves the browser
    journeys back in between; put them last again (a stable sort keeps pytest's grouping)."""
    items.sort(key=_is_transactional)


# The data migrations' seeds, each idempotent.
SEEDS = [
    ("proeftuin.calls.migrations.0004_matching", "seed_thesaurus"),
    ("proeftuin.projects.migrations.0003_seed_methods", "seed"),
    ("proeftuin.scaling.migrations.0002_seed_criteria", "seed"),
]


@pytest.fixture(autouse=True)
def _seeded_rows(request: pytest.FixtureRequest) -> None:
    """A transactional test may follow another one that emptied the tables: give it the rows
    the migrations seed, as every other test has them."""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module, seed in SEEDS:
        getattr(importlib.import_module(module), seed)(apps, None)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    """Tasks run at once in tests (after commit, as in production)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Every test starts and ends in the default language, whatever a request activated."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_mfa_by_default(settings: Any) -> None:
    """Whether MFA is required follows DEBUG and the local .env; tests that need it on
    (tests/accounts/test_mfa.py) switch it on themselves."""
    settings.REQUIRE_MFA_FOR_STAFF = False


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """The personas' passwords are hashed for every test; the production hasher is
    deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class Personas:
    coordinator: Any
    org_admin: Any
    submitter: Any
    reviewer: Any
    team_member: Any
    expert: Any
    other_member: Any
    outsider: Any
    organisation: Any
    other_organisation: Any


@pytest.fixture
def personas(db: None) -> Personas:
    gent = MunicipalityFactory(nis_code="44021", name="Gent", province="Oost-Vlaanderen")
    herentals = MunicipalityFactory(nis_code="13011", name="Herentals", province="Antwerpen")
    organisation = OrganisationFactory(
        name="Bibliotheek Gent", slug="bibliotheek-gent", municipalities=[gent]
    )
    other = OrganisationFactory(
        name="Cultuurcentrum Herentals", slug="cc-herentals", municipalities=[herentals]
    )
    org_admin = MembershipFactory(
        organisation=organisation, role="admin", user__name="Ann Beheerder"
    ).user
    submitter = MembershipFactory(organisation=organisation, user__name="Ines Indiener").user
    reviewer = MembershipFactory(organisation=other, user__name="Rik Reviewer").user
    team_member = MembershipFactory(organisation=organisation, user__name="Tom Teamlid").user
    other_member = MembershipFactory(organisation=other, user__name="Hans Herentals").user
    return Personas(
        coordinator=UserFactory(name="Chris Coördinator", is_coordinator=True),
        org_admin=org_admin,
        submitter=submitter,
        reviewer=reviewer,
        team_member=team_member,
        expert=UserFactory(name="Eva Expert"),
        other_member=other_member,
        outsider=UserFactory(name="Otto Buitenstaander"),
        organisation=organisation,
        other_organisation=other,
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Playwright drives Debian's Chromium; it cannot download a browser here."""
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        skip_or_fail(f"Chromium not found at {CHROMIUM}: browser journeys skipped")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def assert_accessible(page: Any) -> None:
    """Run axe-core on the page; fail on serious or critical violations."""
    if not AXE.exists():
        skip_or_fail(f"axe-core not installed at {AXE} (run `npm ci`)")
    # Evaluated rather than added as a <script>: our CSP rightly blocks inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in serious
    )
    assert not serious, f"axe-core found serious violations on {page.url}:\n{details}"
