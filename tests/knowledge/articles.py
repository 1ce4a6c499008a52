"""A factory for articles (fixture data: rows written directly)."""

import factory
from django.utils import timezone

from proeftuin.knowledge.models import Article


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    kind = Article.Kind.CASE_STUDY
    title = factory.Sequence(lambda n: f"Zalen reserveren in Dilbeek {n}")
    slug = factory.Sequence(lambda n: f"zalen-reserveren-{n}")
    summary = "Hoe een bibliotheek haar zalen online liet reserveren."
    body = "## Wat we deden\n\nWe testten een **landingspagina**."
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def themes(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.themes.set(extracted)
