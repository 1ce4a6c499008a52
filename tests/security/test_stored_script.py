"""What people type is never run in someone else's browser: script posted in a need, a
discussion message and an article (Markdown, sanitised with nh3) comes back as text."""

import uuid
from html.parser import HTMLParser

import pytest

from proeftuin.calls.models import Need
from proeftuin.knowledge.articles import services as articles
from proeftuin.knowledge.models import Article

from ..conftest import client_for
from .conftest import World

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '"><svg onload="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">klik</a>',
]
TEXT = "Hallo " + " ".join(PAYLOADS)


class _Live(HTMLParser):
    """Collects what a browser would run: script elements with our alert, event-handler
    attributes, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(1)" in data:
            self.live.append(f"<script>{data}</script>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def assert_inert(html: str) -> None:
    parser = _Live()
    parser.feed(html)
    assert not parser.live, parser.live
    assert "alert(1)" in html, "the text itself should be shown (escaped)"


def test_it_shows_script_in_a_need_as_text(world: World):
    submitter = client_for(world.people["submitter"])
    token = uuid.uuid4()
    submitter.post(
        "/noden/opslaan/",
        {
            "client_token": str(token),
            "call": world.call.slug,
            "organisation": world.need.organisation.pk,
            "title": PAYLOADS[0],
            "problem": TEXT,
            "target_groups": TEXT,
            "current_handling": TEXT,
            "citizen_value": TEXT,
        },
    )
    need = Need.objects.get(client_token=token)
    for url in (f"/noden/{need.pk}/", f"/noden/{need.pk}/bewerken/", "/noden/"):
        assert_inert(submitter.get(url).content.decode())
    coordinator = client_for(world.people["coordinator"])
    assert_inert(coordinator.get(f"/noden/{need.pk}/").content.decode())


def test_it_shows_script_in_a_discussion_message_as_text(world: World):
    team = client_for(world.people["team_member"])
    url = f"/projecten/{world.project.pk}/gesprek/"
    response = team.post(url, {"body": TEXT})
    assert response.status_code in (200, 302)
    assert_inert(team.get(url).content.decode())


def test_it_shows_script_in_an_article_as_text(world: World):
    author = world.people["team_member"]
    article = articles.save_article(
        article=None,
        data={
            "kind": Article.Kind.GUIDE,
            "title": "Veilig " + PAYLOADS[0],
            "summary": TEXT,
            "body": f"## Titel\n\n{TEXT}\n\n<script>alert(1)</script>\n",
        },
        themes=[],
        projects=[world.project],
        by=author,
    )
    client = client_for(author)
    assert_inert(client.get(f"/gedeeld/kennisbank/{article.pk}/bewerken/").content.decode())
    articles.submit_article(article=article, by=author)
    coordinator = client_for(world.people["coordinator"])
    assert_inert(coordinator.get(f"/gedeeld/kennisbank/{article.pk}/nalezen/").content.decode())
    articles.publish_article(article=article, by=world.people["coordinator"])
    article.refresh_from_db()
    public = client_for(world.people["outsider"]).get(f"/gedeeld/kennisbank/{article.slug}/")
    assert_inert(public.content.decode())
