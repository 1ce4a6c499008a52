"""Subscribing to the digest, preparing editions and sending them.

What is personal here is the address. An unconfirmed address is deleted after a week; an
unsubscribe deletes the subscriber and its deliveries, so nothing of it stays. The outbox
rows of mails already sent keep the address as every sent mail does, until the outbox's
own clean-up."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from proeftuin.core.activity import log_action
from proeftuin.core.errors import DomainError
from proeftuin.core.mail import queue_mail
from proeftuin.core.models import Theme

from .. import published
from . import tokens
from .models import DigestDelivery, DigestSettings, Edition, Subscriber

BATCH = 200


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# Subscribing -------------------------------------------------------------------------


def subscribe(*, email: str, themes: list[Theme], language: str) -> None:
    """Send a confirmation link. A new address is stored unconfirmed (and receives nothing);
    a known one keeps its themes until its owner confirms the new ones, so nobody can
    change another's subscription. The answer is the same either way: the form does not
    tell whether an address is subscribed."""
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email.strip().lower(), defaults={"language": language}
    )
    token = tokens.confirmation(str(subscriber.key), sorted(theme.pk for theme in themes))
    queue_mail(
        to=subscriber.email,
        template="knowledge/digest/email/confirm",
        context={
            "confirm_url": absolute(reverse("knowledge:digest_confirm", args=[token])),
            "themes": themes,
        },
        language=language,
        kind="digest.confirm",
    )


def confirm(token: str) -> Subscriber:
    key, theme_ids = tokens.read_confirmation(token)
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        raise DomainError(_("Deze inschrijving bestaat niet meer. Schrijf je opnieuw in."))
    with transaction.atomic():
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        subscriber.themes.set(Theme.objects.filter(pk__in=theme_ids))
    return subscriber


def subscriber_for_unsubscribe(token: str) -> Subscriber | None:
    """The subscriber a valid link names; None if it already left."""
    return Subscriber.objects.filter(key=tokens.read_unsubscribe(token)).first()


def unsubscribe(token: str) -> None:
    """Delete the subscriber and its deliveries: nothing of the address stays with us."""
    Subscriber.objects.filter(key=tokens.read_unsubscribe(token)).delete()


def discard_unconfirmed(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - timedelta(seconds=tokens.CONFIRM_MAX_AGE)
    deleted, _details = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


# An edition's content -----------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    summary: str
    theme_ids: frozenset[int]


@dataclass(frozen=True)
class Section:
    title: str | Promise
    items: list[Item]


def theme_ids(obj: Any) -> frozenset[int]:
    return frozenset(theme.pk for theme in obj.themes.all())


def short(text: str) -> str:
    return Truncator(" ".join(text.split())).words(40)


def edition_sections(edition: Edition) -> list[Section]:
    """What was published in the edition's period, by kind; kinds without news left out."""
    until = edition.until
    calls = published.calls(edition.since).filter(published_at__lte=until)
    challenges = published.challenges(edition.since).filter(published_at__lte=until)
    projects = published.projects(edition.since).filter(published_at__lte=until)
    articles = published.articles(edition.since).filter(published_at__lte=until)
    new_services = published.services(edition.since).filter(created_at__lte=until)
    lessons = published.lessons(edition.since).filter(
        created_at__lte=until, project__published_at__lte=until
    )
    sections = [
        Section(
            _("Uit de kennisbank"),
            [
                Item(
                    article.title,
                    absolute(reverse("knowledge:article", args=[article.slug])),
                    short(article.summary),
                    theme_ids(article),
                )
                for article in articles.prefetch_related("themes")
            ],
        ),
        Section(
            _("Nieuwe diensten"),
            [
                # Services have no themes of their own: they reach every subscriber.
                Item(
                    service.name,
                    absolute(reverse("scaling:service", args=[service.slug])),
                    short(service.summary),
                    frozenset(),
                )
                for service in new_services
            ],
        ),
        Section(
            _("Nieuwe oproepen"),
            [
                Item(
                    call.title,
                    absolute(reverse("calls:detail", args=[call.slug])),
                    short(call.introduction),
                    theme_ids(call),
                )
                for call in calls.prefetch_related("themes")
            ],
        ),
        Section(
            _("Nieuwe uitdagingen"),
            [
                Item(
                    need.title,
                    absolute(reverse("calls:challenge", args=[need.pk])),
                    short(need.problem),
                    theme_ids(need),
                )
                for need in challenges.prefetch_related("themes")
            ],
        ),
        Section(
            _("Gedeelde proefprojecten"),
            [
                Item(
                    project.title,
                    absolute(reverse("knowledge:project", args=[project.pk])),
                    short(project.summary) if project.shows(project.Section.SUMMARY) else "",
                    theme_ids(project.need),
                )
                for project in projects.select_related("need").prefetch_related("need__themes")
            ],
        ),
        Section(
            _("Lessen"),
            [
                Item(
                    lesson.project.title,
                    absolute(
                        reverse("knowledge:project", args=[lesson.project_id])
                        + f"#leerkaart-{lesson.pk}"
                    ),
                    short(lesson.insight),
                    theme_ids(lesson.project.need),
                )
                for lesson in lessons.select_related("project__need").prefetch_related(
                    "project__need__themes"
                )
            ],
        ),
    ]
    return [section for section in sections if section.items]


def sections_for(sections: list[Section], chosen: set[int]) -> list[Section]:
    """A subscriber's part: items of their themes, and items without a theme (they would
    otherwise reach nobody). No themes chosen: everything."""
    if not chosen:
        return sections
    kept = [
        Section(
            section.title,
            [item for item in section.items if not item.theme_ids or item.theme_ids & chosen],
        )
        for section in sections
    ]
    return [section for section in kept if section.items]


# Editions ----------------------------------------------------------------------------


def prepare_edition(now: datetime | None = None) -> Edition | None:
    """Put an edition ready for preview once the period since the last one has passed.
    Nothing while one still awaits its preview: a coordinator sends or it waits."""
    now = now or timezone.now()
    if Edition.objects.filter(status=Edition.Status.PREPARED).exists():
        return None
    period = timedelta(days=DigestSettings.current().period_days)
    last = Edition.objects.order_by("-until").first()
    since = last.until if last else now - period
    if now - since < period:
        return None
    return Edition.objects.create(since=since, until=now)


def start_sending(*, edition: Edition, by: Any) -> None:
    from .tasks import send_edition

    updated = Edition.objects.filter(pk=edition.pk, status=Edition.Status.PREPARED).update(
        status=Edition.Status.SENDING, sent_by=by, sent_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("Deze editie is al verzonden."))
    log_action(actor=by, action="digest.send", target=edition)
    transaction.on_commit(lambda: send_edition.enqueue(edition.pk))


def unsubscribe_headers(url: str) -> dict[str, str]:
    # RFC 8058: a mail program unsubscribes with one POST to this address.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def deliver(edition: Edition, sections: list[Section], subscriber: Subscriber) -> bool:
    """Queue the subscriber's copy unless they have it: the delivery row is claimed in the
    same transaction as the outbox row, so a retried task never queues a second one."""
    chosen = sections_for(sections, {theme.pk for theme in subscriber.themes.all()})
    if not chosen:
        return False
    unsubscribe_url = absolute(
        reverse("knowledge:digest_unsubscribe", args=[tokens.unsubscribe(str(subscriber.key))])
    )
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(edition=edition, subscriber=subscriber)
            delivery.message = queue_mail(
                to=subscriber.email,
                template="knowledge/digest/email/edition",
                context={
                    "edition": edition,
                    "sections": chosen,
                    "unsubscribe_url": unsubscribe_url,
                },
                language=subscriber.language,
                kind="digest.edition",
                headers=unsubscribe_headers(unsubscribe_url),
            )
            delivery.save(update_fields=["message"])
    except IntegrityError:
        return False  # another run of the task claimed this subscriber first
    return True


def send_edition(edition_id: int) -> int:
    """Queue the edition for every confirmed subscriber in batches; returns how many were
    queued by this run."""
    edition = Edition.objects.filter(pk=edition_id).exclude(status=Edition.Status.PREPARED).first()
    if edition is None:
        return 0  # only what a coordinator previewed and sent goes out
    sections = edition_sections(edition)
    pending = (
        Subscriber.objects.filter(confirmed_at__isnull=False)
        .exclude(pk__in=DigestDelivery.objects.filter(edition=edition).values("subscriber"))
        .prefetch_related("themes")
        .order_by("pk")
    )
    queued, after = 0, 0
    while batch := list(pending.filter(pk__gt=after)[:BATCH]):
        queued += sum(deliver(edition, sections, subscriber) for subscriber in batch)
        after = batch[-1].pk
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENT)
    return queued
