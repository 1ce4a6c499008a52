"""The knowledge base: members of a project team and coordinators write articles; a
coordinator publishes them or sends them back with a note; the public sees only what is
published, in lists with a fixed number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.core.errors import DomainError
from proeftuin.core.models import Notification
from proeftuin.knowledge.articles import services
from proeftuin.knowledge.models import Article
from proeftuin.projects.models import Project
from proeftuin.projects.services import approve_publication, request_publication

from ..factories import ThemeFactory
from ..projects.conftest import ProjectFactory, media, project, selected
from .articles import ArticleFactory

__all__ = ["media", "project", "selected"]

pytestmark = pytest.mark.django_db

# The smallest valid PNG (1 by 1 pixel, transparent).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def article_data(**overrides):
    data = {
        "kind": Article.Kind.GUIDE,
        "title": "Een landingspaginatest in je bibliotheek",
        "summary": "Zo test je of inwoners iets willen voor je het bouwt.",
        "body": "## Stap 1\n\nMaak een pagina. <script>alert(1)</script>",
    }
    return {**data, **overrides}


def write(by, **overrides):
    return services.save_article(
        article=None, data=article_data(**overrides), themes=[], projects=[], by=by
    )


def test_it_lets_a_team_member_write_submit_and_a_coordinator_publish(personas, project):
    client = Client()
    client.force_login(personas.team_member)
    theme = ThemeFactory(slug="bibliotheek", name="Bibliotheek")

    response = client.post(
        reverse("knowledge:article_new"), {**article_data(), "themes": [theme.pk]}
    )
    article = Article.objects.get()
    assert response.url == reverse("knowledge:article_edit", args=[article.pk])
    assert article.author == personas.team_member
    assert article.slug == "een-landingspaginatest-in-je-bibliotheek"
    assert list(article.themes.all()) == [theme]
    assert client.get(response.url).status_code == 200
    # A draft is nobody else's business.
    assert Client().get(reverse("knowledge:article", args=[article.slug])).status_code == 404

    client.post(reverse("knowledge:article_submit", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert Notification.objects.filter(
        user=personas.coordinator, kind="knowledge.article_review"
    ).exists()
    # Handed in: the author can no longer change it.
    with pytest.raises(DomainError):
        services.save_article(
            article=article, data=article_data(), themes=[], projects=[], by=personas.team_member
        )

    coordinator = Client()
    coordinator.force_login(personas.coordinator)
    assert (
        coordinator.get(reverse("knowledge:article_review", args=[article.pk])).status_code == 200
    )
    coordinator.post(reverse("knowledge:article_review", args=[article.pk]), {"action": "publish"})
    article.refresh_from_db()
    assert article.is_published and article.published_by == personas.coordinator

    page = Client().get(reverse("knowledge:article", args=[article.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h2>Stap 1</h2>" in html
    assert "<script>alert(1)</script>" not in html
    assert Notification.objects.get(user=personas.team_member).title == (
        "Je artikel 'Een landingspaginatest in je bibliotheek' is gepubliceerd"
    )


def test_it_sends_an_article_back_with_a_note(personas):
    article = write(personas.coordinator)
    services.submit_article(article=article, by=personas.coordinator)
    client = Client()
    client.force_login(personas.coordinator)

    empty = client.post(
        reverse("knowledge:article_review", args=[article.pk]), {"action": "send_back"}
    )
    assert empty.status_code == 400
    client.post(
        reverse("knowledge:article_review", args=[article.pk]),
        {"action": "send_back", "note": "Voeg een foto toe."},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.review_note == "Voeg een foto toe."


def test_it_takes_a_published_article_offline(personas):
    article = ArticleFactory(published=True, author=personas.coordinator)
    services.send_back_article(article=article, note="Verouderd", by=personas.coordinator)
    assert Client().get(reverse("knowledge:article", args=[article.slug])).status_code == 404


def test_it_refuses_writers_without_a_project_or_coordinator_role(personas):
    with pytest.raises(DomainError):
        write(personas.outsider)
    client = Client()
    client.force_login(personas.outsider)
    assert client.get(reverse("knowledge:article_new")).status_code == 404
    assert client.get(reverse("knowledge:my_articles")).status_code == 404


def test_it_gives_an_outsider_404_on_someone_elses_draft(personas, project):
    article = write(personas.team_member)
    client = Client()
    client.force_login(personas.outsider)
    assert client.get(reverse("knowledge:article", args=[article.slug])).status_code == 404
    assert client.get(reverse("knowledge:article_edit", args=[article.pk])).status_code == 404
    assert client.get(reverse("knowledge:article_review", args=[article.pk])).status_code == 404
    assert client.post(reverse("knowledge:article_submit", args=[article.pk])).status_code == 404


def test_it_keeps_the_input_of_an_invalid_form(personas):
    client = Client()
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("knowledge:article_new"), article_data(title="", summary="Mijn samenvatting")
    )
    assert response.status_code == 400
    assert "Mijn samenvatting" in response.content.decode()


def test_it_shows_images_inline_judged_by_their_bytes(personas, media):
    article = write(personas.coordinator)
    client = Client()
    client.force_login(personas.coordinator)

    fake = client.post(
        reverse("knowledge:article_image_add", args=[article.pk]),
        {"image": SimpleUploadedFile("foto.png", b"%PDF-1.4 niet echt"), "alt": "De balie"},
    )
    assert fake.status_code == 400
    assert "geen PNG- of JPEG-afbeelding" in fake.content.decode()
    client.post(
        reverse("knowledge:article_image_add", args=[article.pk]),
        {"image": SimpleUploadedFile("balie.png", PNG), "alt": "De balie van de bibliotheek"},
    )
    image = article.images.get()
    assert image.content_type == "image/png"

    # Not published yet: only its writers see the image.
    url = reverse("knowledge:article_image", args=[image.pk])
    assert Client().get(url).status_code == 404
    services.submit_article(article=article, by=personas.coordinator)
    services.publish_article(article=article, by=personas.coordinator)
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    page = Client().get(reverse("knowledge:article", args=[article.slug])).content.decode()
    assert 'alt="De balie van de bibliotheek"' in page


def test_it_lists_only_published_articles_filtered_by_kind_and_theme(personas):
    theme = ThemeFactory(slug="erfgoed", name="Erfgoed")
    ArticleFactory(published=True, title="Gids voor erfgoed", kind="guide", themes=[theme])
    ArticleFactory(published=True, title="Nieuws over de winteroproep", kind="news")
    ArticleFactory(title="GEHEIM ontwerp")
    ArticleFactory(title="GEHEIM ter nalezing", status=Article.Status.IN_REVIEW)

    html = Client().get(reverse("knowledge:articles")).content.decode()
    assert "Gids voor erfgoed" in html and "Nieuws over de winteroproep" in html
    assert "GEHEIM" not in html
    guides = Client().get(reverse("knowledge:articles"), {"soort": "guide"}).content.decode()
    assert "Gids voor erfgoed" in guides and "winteroproep" not in guides
    heritage = Client().get(reverse("knowledge:articles"), {"thema": "erfgoed"}).content.decode()
    assert "Gids voor erfgoed" in heritage and "winteroproep" not in heritage


def test_it_lists_articles_in_a_fixed_number_of_queries(personas):
    theme = ThemeFactory()
    ArticleFactory(published=True, themes=[theme])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(reverse("knowledge:articles")).status_code == 200
        return len(queries)

    few = count()
    for _ in range(15):
        ArticleFactory(published=True, themes=[theme, ThemeFactory()])
    assert count() == few


def test_it_relates_articles_by_theme_and_project_and_links_only_published_projects(personas):
    theme = ThemeFactory()
    shown = ProjectFactory(title="Zaalverhuur online")
    request_publication(project=shown, sections=[Project.Section.SUMMARY], by=personas.coordinator)
    approve_publication(project=shown, by=personas.coordinator)
    hidden = ProjectFactory(title="GEHEIM project")
    article = ArticleFactory(published=True, themes=[theme])
    article.projects.set([shown, hidden])
    ArticleFactory(published=True, title="Zelfde thema", themes=[theme])
    ArticleFactory(published=True, title="Zelfde project").projects.set([shown])
    ArticleFactory(title="GEHEIM verwant", themes=[theme])
    ArticleFactory(published=True, title="Los artikel")

    html = Client().get(reverse("knowledge:article", args=[article.slug])).content.decode()
    assert "Zaalverhuur online" in html
    assert "Zelfde thema" in html and "Zelfde project" in html
    assert "GEHEIM" not in html and "Los artikel" not in html


def test_it_is_found_in_search_only_while_published(personas, django_capture_on_commit_callbacks):
    from proeftuin.core import search

    with django_capture_on_commit_callbacks(execute=True):
        article = write(
            personas.coordinator,
            title="Uitleenbare laptops",
            body="Hoe **bibliotheken** laptops uitlenen aan geheimmarkeerder.",
        )
    assert not search.search("bibliotheek").results
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_article(article=article, by=personas.coordinator)
        services.publish_article(article=article, by=personas.coordinator)
    [result] = search.search("bibliotheek", kinds=["article"]).results
    assert result.title == "Uitleenbare laptops"
    assert result.url == reverse("knowledge:article", args=[article.slug])
    assert "**" not in str(result.snippet)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_back_article(article=article, note="Te kort", by=personas.coordinator)
    assert not search.search("geheimmarkeerder").results


def test_it_links_services_in_the_public_catalogue_only(personas):
    from proeftuin.scaling.models import Service

    def service(name, state):
        return Service.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            summary="Voor elke gemeente.",
            offer="Een module",
            conditions="Gratis",
            how_to_start="Mail ons",
            contact_email="dienst@proeftuin.example",
            state=state,
        )

    available = service("Zaalreservatie", Service.State.AVAILABLE)
    retired = service("GEHEIM stopgezet", Service.State.RETIRED)
    article = ArticleFactory(published=True)
    article.services.set([available, retired])
    ArticleFactory(published=True, title="Over dezelfde dienst").services.set([available])

    html = Client().get(reverse("knowledge:article", args=[article.slug])).content.decode()
    assert reverse("scaling:service", args=["zaalreservatie"]) in html
    assert "Over dezelfde dienst" in html
    assert "GEHEIM" not in html


def test_it_puts_reviews_and_returned_articles_on_mijn_proeftuin(personas, project):
    article = write(personas.team_member, title="Onze eerste test")
    services.submit_article(article=article, by=personas.team_member)
    page = Client()
    page.force_login(personas.coordinator)
    assert (
        "Lees het artikel &#x27;Onze eerste test&#x27; na"
        in page.get(reverse("accounts:mine")).content.decode()
    )

    services.send_back_article(article=article, note="Meer cijfers", by=personas.coordinator)
    author = Client()
    author.force_login(personas.team_member)
    assert "kwam terug met een opmerking" in author.get(reverse("accounts:mine")).content.decode()
    from proeftuin.knowledge.articles.mine import export_articles

    assert export_articles(personas.team_member)[0]["title"] == "Onze eerste test"


def test_it_gives_an_outsider_404_on_the_images_of_someone_elses_article(personas, media):
    article = write(personas.coordinator)
    image = services.add_article_image(
        article=article,
        upload=SimpleUploadedFile("balie.png", PNG),
        name="balie.png",
        size=len(PNG),
        alt="De balie",
        by=personas.coordinator,
    )
    client = Client()
    client.force_login(personas.outsider)
    add = reverse("knowledge:article_image_add", args=[article.pk])
    remove = reverse("knowledge:article_image_remove", args=[article.pk, image.pk])
    assert client.post(add, {"alt": "x"}).status_code == 404
    assert client.post(remove).status_code == 404
    assert client.get(reverse("knowledge:article_image", args=[image.pk])).status_code == 404
    assert article.images.count() == 1


def test_it_links_my_articles_only_for_writers(personas, project):
    assert "Mijn artikels" not in Client().get(reverse("knowledge:articles")).content.decode()
    outsider = Client()
    outsider.force_login(personas.outsider)
    assert "Mijn artikels" not in outsider.get(reverse("knowledge:articles")).content.decode()
    writer = Client()
    writer.force_login(personas.team_member)
    assert "Mijn artikels" in writer.get(reverse("knowledge:articles")).content.decode()
