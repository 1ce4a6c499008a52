"""The e-mail digest: double opt-in, themes, one-click unsubscribe with signed links,
editions prepared when due, previewed by a coordinator and sent once per subscriber even
when the task runs again."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.models import OutboxMessage
from proeftuin.core.registry import registry
from proeftuin.knowledge.digest import services, tasks
from proeftuin.knowledge.models import Article, DigestDelivery, DigestSettings, Edition, Subscriber
from proeftuin.participation import ratelimit
from proeftuin.projects.models import Project
from proeftuin.scaling.models import Service

from ..conftest import client_for
from ..factories import ThemeFactory
from ..projects.conftest import CallFactory, LearningFactory, NeedFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-ONGEPUBLICEERD"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
LINK = re.compile(r"http://[^\s\"<>]+")


def link_in(message, name):
    path = reverse(f"knowledge:{name}", args=["TOKEN"]).replace("TOKEN/", "")
    return next(url for url in LINK.findall(message.body_text) if path in url)


def subscribe(email, themes=(), client=None):
    return (client or Client()).post(
        reverse("knowledge:digest_subscribe"),
        {"email": email, "themes": [theme.pk for theme in themes]},
    )


def confirmed(email, themes=()):
    subscribe(email, themes)
    message = OutboxMessage.objects.filter(recipient=email).latest("pk")
    Client().post(link_in(message, "digest_confirm"))
    return Subscriber.objects.get(email=email)


@pytest.fixture
def themes(db):
    return ThemeFactory(name="Bibliotheek", slug="bib"), ThemeFactory(name="Erfgoed", slug="erf")


@pytest.fixture
def edition(themes):
    """Two weeks of news: a challenge per theme, a shared project and a lesson; and with
    secret markers what is not published."""
    bib, erf = themes
    CallFactory(title=f"Oproep {SECRET}", unpublished=True)
    Service.objects.create(
        name="Online zaalverhuur",
        slug="online-zaalverhuur",
        summary="Zalen online verhuren.",
        offer="Een reservatiemodule",
        conditions="Gratis",
        how_to_start="Vraag het aan",
        contact_email="dienst@example.be",
    )
    for title, status, published_at in [
        ("Praktijkverhaal uit Dilbeek", Article.Status.PUBLISHED, timezone.now()),
        (f"Artikel {SECRET}", Article.Status.DRAFT, None),
    ]:
        Article.objects.create(
            kind=Article.Kind.CASE_STUDY,
            title=title,
            slug=title.lower().replace(" ", "-"),
            summary="Een verhaal.",
            body="Tekst",
            status=status,
            published_at=published_at,
        )
    NeedFactory(title="Uitdaging bibliotheek", challenge=True, themes=[bib])
    NeedFactory(title="Uitdaging erfgoed", challenge=True, themes=[erf])
    NeedFactory(title=f"Nood {SECRET}", submitted=True, themes=[bib])
    stopped = ProjectFactory(
        title="Gestopt project",
        outcome=Project.Outcome.STOPPED,
        public_sections=["summary", "learnings"],
        published_at=timezone.now() - timedelta(days=2),
        summary="Een samenvatting",
    )
    LearningFactory(project=stopped, insight="niemand betaalde online", decision="stop")
    ProjectFactory(title=f"Project {SECRET}", summary=f"door {SECRET}@example.be")
    now = timezone.now()
    return Edition.objects.create(since=now - timedelta(days=14), until=now + timedelta(minutes=1))


def test_subscribing_sends_a_confirmation_and_nothing_else(themes):
    response = subscribe("lies@example.be", [themes[0]])

    assert response.status_code == 200
    subscriber = Subscriber.objects.get(email="lies@example.be")
    assert subscriber.confirmed_at is None
    assert list(subscriber.themes.all()) == []  # the themes wait for the confirmation
    message = OutboxMessage.objects.get(recipient="lies@example.be")
    assert message.kind == "digest.confirm"
    assert "Bibliotheek" in message.body_text


def test_opening_the_link_does_not_confirm_pressing_the_button_does(themes):
    subscribe("lies@example.be", [themes[0]])
    url = link_in(OutboxMessage.objects.get(recipient="lies@example.be"), "digest_confirm")

    assert Client().get(url).status_code == 200
    assert Subscriber.objects.get().confirmed_at is None

    response = Client().post(url)

    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert list(subscriber.themes.all()) == [themes[0]]


def test_a_tampered_confirmation_link_fails_with_a_clear_message(themes):
    subscribe("lies@example.be")
    url = link_in(OutboxMessage.objects.get(), "digest_confirm")

    # One character of the signed payload changed.
    tampered = url.replace("/bevestigen/e", "/bevestigen/f")

    response = Client().post(tampered)

    assert response.status_code == 400
    assert "ongeldig" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_someone_else_cannot_change_a_subscribers_themes(themes):
    subscriber = confirmed("lies@example.be", [themes[0]])

    subscribe("lies@example.be", [themes[1]])

    assert list(subscriber.themes.all()) == [themes[0]]
    assert Subscriber.objects.count() == 1


def test_an_invalid_address_is_refused_and_kept(themes):
    response = subscribe("geen-adres")

    assert response.status_code == 400
    assert 'value="geen-adres"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_subscribe_form_is_rate_limited(themes, monkeypatch):
    monkeypatch.setattr(ratelimit, "LIMIT", 2)
    client = Client()
    assert subscribe("a@example.be", client=client).status_code == 200
    assert subscribe("b@example.be", client=client).status_code == 200

    response = subscribe("c@example.be", client=client)

    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="c@example.be").exists()


def test_unconfirmed_addresses_are_forgotten_after_a_week(themes):
    subscribe("lies@example.be")
    Subscriber.objects.update(created_at=timezone.now() - timedelta(days=8))
    confirmed("jan@example.be")

    assert services.discard_unconfirmed() == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["jan@example.be"]


def test_an_edition_is_prepared_when_the_period_has_passed(db):
    now = timezone.now()
    first = services.prepare_edition(now)
    assert first is not None and first.status == Edition.Status.PREPARED
    # Nothing new while one awaits its preview, nor before the period passed.
    assert services.prepare_edition(now + timedelta(days=20)) is None
    Edition.objects.update(status=Edition.Status.SENT)
    assert services.prepare_edition(now + timedelta(days=13)) is None
    second = services.prepare_edition(now + timedelta(days=14))
    assert second is not None and second.since == first.until


def test_coordinators_set_the_period(personas):
    client = client_for(personas.coordinator)
    url = reverse("knowledge:digest_manage")

    assert client.post(url, {"period_days": "0"}).status_code == 400
    assert client.post(url, {"period_days": "7"}).status_code == 302
    assert DigestSettings.current().period_days == 7
    Edition.objects.create(since=timezone.now() - timedelta(days=7), until=timezone.now())
    Edition.objects.update(status=Edition.Status.SENT)
    assert services.prepare_edition(timezone.now() + timedelta(days=7, minutes=1))


def test_a_prepared_edition_waits_on_mijn_proeftuin_for_coordinators(personas, edition):
    items = [item for provider in registry.mine for item in provider(personas.coordinator)]
    assert reverse("knowledge:digest_preview", args=[edition.pk]) in [i.url for i in items]
    others = [item for provider in registry.mine for item in provider(personas.team_member)]
    assert reverse("knowledge:digest_preview", args=[edition.pk]) not in [i.url for i in others]


def test_only_coordinators_see_the_digest_pages(personas, edition):
    for name, args in [("digest_manage", []), ("digest_preview", [edition.pk])]:
        assert (
            client_for(personas.team_member)
            .get(reverse(f"knowledge:{name}", args=args))
            .status_code
            == 404
        )
        assert (
            client_for(personas.coordinator)
            .get(reverse(f"knowledge:{name}", args=args))
            .status_code
            == 200
        )
    response = client_for(personas.team_member).post(
        reverse("knowledge:digest_send", args=[edition.pk])
    )
    assert response.status_code == 404
    assert Edition.objects.get().status == Edition.Status.PREPARED


def test_the_preview_shows_what_was_published_and_nothing_else(personas, edition):
    html = (
        client_for(personas.coordinator)
        .get(reverse("knowledge:digest_preview", args=[edition.pk]))
        .content.decode()
    )

    assert "Uitdaging bibliotheek" in html and "Uitdaging erfgoed" in html
    assert "Gestopt project" in html and "niemand betaalde online" in html
    assert "Praktijkverhaal uit Dilbeek" in html and "Online zaalverhuur" in html
    assert SECRET not in html


def test_a_prepared_edition_is_not_sent_before_a_coordinator_sends_it(edition):
    confirmed("lies@example.be")

    assert services.send_edition(edition.pk) == 0
    assert not OutboxMessage.objects.filter(kind="digest.edition").exists()


def test_sending_gives_each_confirmed_subscriber_one_mail_even_when_retried(
    personas, edition, themes, django_capture_on_commit_callbacks
):
    confirmed("lies@example.be")
    confirmed("jan@example.be", [themes[1]])
    subscribe("niet-bevestigd@example.be")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.coordinator).post(
            reverse("knowledge:digest_send", args=[edition.pk])
        )
    assert response.status_code == 302
    # The task runs again (a retry, a second worker): nobody gets a second copy.
    tasks.send_edition.enqueue(edition.pk)
    assert services.send_edition(edition.pk) == 0

    sent = OutboxMessage.objects.filter(kind="digest.edition")
    assert sorted(sent.values_list("recipient", flat=True)) == [
        "jan@example.be",
        "lies@example.be",
    ]
    assert DigestDelivery.objects.count() == 2
    assert Edition.objects.get().status == Edition.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["jan@example.be", "lies@example.be"]
    # Jan chose "Erfgoed": the other theme's challenge is not in his copy.
    jan = sent.get(recipient="jan@example.be")
    assert "Uitdaging erfgoed" in jan.body_text
    assert "Uitdaging bibliotheek" not in jan.body_text


def test_an_edition_mail_has_both_parts_and_one_click_unsubscribe(
    personas, edition, django_capture_on_commit_callbacks
):
    confirmed("lies@example.be")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.start_sending(edition=edition, by=personas.coordinator)

    [message] = mail.outbox
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "Uitdaging bibliotheek" in html
    assert "Uitdaging bibliotheek" in message.body
    unsubscribe_url = link_in(
        OutboxMessage.objects.get(kind="digest.edition"), "digest_unsubscribe"
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in html
    # No address but the recipient's own, and nothing unpublished.
    assert SECRET not in message.body + html
    assert set(EMAIL.findall(message.body + html)) <= {"lies@example.be"}


def test_one_click_unsubscribe_erases_the_subscriber(personas, edition):
    confirmed("lies@example.be")
    services.start_sending(edition=edition, by=personas.coordinator)
    services.send_edition(edition.pk)
    url = link_in(OutboxMessage.objects.get(kind="digest.edition"), "digest_unsubscribe")

    # A mail program posts without a CSRF token (RFC 8058).
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not DigestDelivery.objects.exists()
    assert "afgemeld" in Client().get(url).content.decode()


def test_a_tampered_unsubscribe_link_fails_with_a_clear_message(personas, edition):
    confirmed("lies@example.be")
    services.start_sending(edition=edition, by=personas.coordinator)
    services.send_edition(edition.pk)
    url = link_in(OutboxMessage.objects.get(kind="digest.edition"), "digest_unsubscribe")
    tampered = url.replace("/afmelden/", "/afmelden/x")

    for response in (Client().get(tampered), Client().post(tampered)):
        assert response.status_code == 400
        assert "ongeldig of gewijzigd" in response.content.decode()
    assert Subscriber.objects.count() == 1


def test_a_member_exports_and_erases_their_subscription(personas):
    confirmed(personas.outsider.email)
    entry = registry.personal_data["digest_subscription"]

    assert entry.export(personas.outsider)["email"] == personas.outsider.email
    entry.erase(personas.outsider)
    assert not Subscriber.objects.exists()


def test_a_task_that_died_halfway_is_finished_by_its_retry(personas, edition, monkeypatch):
    for name in ("an", "bert", "chris"):
        confirmed(f"{name}@example.be")
    services.start_sending(edition=edition, by=personas.coordinator)
    monkeypatch.setattr(services, "BATCH", 1)
    real = services.queue_mail

    def dies_at_bert(**kwargs):
        if kwargs["to"] == "bert@example.be":
            raise ConnectionError("worker lost")
        return real(**kwargs)

    monkeypatch.setattr(services, "queue_mail", dies_at_bert)
    with pytest.raises(ConnectionError):
        services.send_edition(edition.pk)
    monkeypatch.setattr(services, "queue_mail", real)

    assert Edition.objects.get().status == Edition.Status.SENDING
    # The daily job resumes it.
    tasks.prepare_edition.enqueue()
    assert Edition.objects.get().status == Edition.Status.SENT
    assert services.send_edition(edition.pk) == 0
    recipients = OutboxMessage.objects.filter(kind="digest.edition").values_list(
        "recipient", flat=True
    )
    assert sorted(recipients) == ["an@example.be", "bert@example.be", "chris@example.be"]


def test_the_scheduler_prepares_an_edition_when_due(db):
    from proeftuin.core.scheduler import jobs, run_due_jobs

    assert "knowledge.digest.prepare" in jobs
    run_due_jobs()

    assert Edition.objects.get().status == Edition.Status.PREPARED
    assert not OutboxMessage.objects.filter(kind="digest.edition").exists()


def test_a_members_address_is_filled_in(personas):
    html = client_for(personas.team_member).get(reverse("knowledge:digest_subscribe")).content

    assert f'value="{personas.team_member.email}"'.encode() in html
