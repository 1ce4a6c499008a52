# The models live in their parts' packages (`digest`, `articles`); Django finds an app's
# models here.
from .articles.models import Article, ArticleImage
from .digest.models import DigestDelivery, DigestSettings, Edition, Subscriber

__all__ = [
    "Article",
    "ArticleImage",
    "DigestDelivery",
    "DigestSettings",
    "Edition",
    "Subscriber",
]
