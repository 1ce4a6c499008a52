"""The knowledge base: public list and page of published articles; writing, handing in and
reviewing for authors and coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from proeftuin.accounts.http import AuthedRequest
from proeftuin.core.errors import DomainError
from proeftuin.core.markdown import render_markdown
from proeftuin.core.permissions import coordinator_required, is_coordinator

from . import services
from .forms import ArticleFilterForm, ArticleForm, ImageForm, SendBackForm
from .models import Article, ArticleImage
from .permissions import can_edit_article, can_see_article, can_write_articles

RELATED = 4


def get_article_for_editor_or_404(user: object, pk: int) -> Article:
    article = get_object_or_404(Article.objects.select_related("author"), pk=pk)
    if not can_see_article(user, article) or not (
        is_coordinator(user) or article.author_id == getattr(user, "pk", None)
    ):
        raise Http404
    return article


@require_safe
def article_list(request: HttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET or None)
    articles = Article.objects.public_list()
    if form.is_valid():
        if form.cleaned_data["soort"]:
            articles = articles.filter(kind=form.cleaned_data["soort"])
        if form.cleaned_data["thema"]:
            articles = articles.filter(themes=form.cleaned_data["thema"])
    page = Paginator(articles, 20).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "knowledge/articles/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_write": can_write_articles(request.user),
        },
    )


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published article, with the published projects it is about and related articles
    (same themes or same projects). Its author and coordinators also see it before it is
    published, marked as such; anyone else gets a 404."""
    article = get_object_or_404(Article.objects.prefetch_related("themes", "images"), slug=slug)
    if not can_see_article(request.user, article):
        raise Http404
    projects = list(article.projects.published().order_by("title"))
    linked_services = list(article.services.public().order_by("name"))
    theme_ids = [theme.pk for theme in article.themes.all()]
    related = list(
        Article.objects.published()
        .filter(
            Q(themes__in=theme_ids)
            | Q(projects__in=[p.pk for p in projects])
            | Q(services__in=[service.pk for service in linked_services])
        )
        .exclude(pk=article.pk)
        .distinct()
        .order_by("-published_at", "-pk")[:RELATED]
    )
    return render(
        request,
        "knowledge/articles/detail.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "projects": projects,
            "services": linked_services,
            "related": related,
            "may_edit": can_edit_article(request.user, article),
        },
    )


@require_safe
def article_image(request: HttpRequest, pk: int) -> FileResponse:
    """An article's image, inline, with the content type found in its bytes and `nosniff`,
    so a browser never takes it for anything else."""
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    if not can_see_article(request.user, image.article):
        raise Http404
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    if not image.article.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def my_articles(request: AuthedRequest) -> HttpResponse:
    """An author's articles; for coordinators also those waiting for review."""
    if not can_write_articles(request.user):
        raise Http404
    mine = Article.objects.filter(author=request.user).order_by("-updated_at")
    to_review = (
        Article.objects.filter(status=Article.Status.IN_REVIEW)
        .select_related("author")
        .order_by("submitted_at")
        if is_coordinator(request.user)
        else None
    )
    return render(request, "knowledge/articles/mine.html", {"mine": mine, "to_review": to_review})


def _form_data(article: Article) -> dict[str, object]:
    return {
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "themes": list(article.themes.all()),
        "projects": list(article.projects.all()),
        "services": list(article.services.all()),
    }


@login_required
def article_new(request: AuthedRequest) -> HttpResponse:
    if not can_write_articles(request.user):
        raise Http404
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.save_article(
                article=None,
                data=data,
                themes=data["themes"],
                projects=data["projects"],
                services=data["services"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Het ontwerp is bewaard."))
            return redirect("knowledge:article_edit", pk=article.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/articles/edit.html", {"form": form}, status=status)


@login_required
def article_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    article = get_article_for_editor_or_404(request.user, pk)
    if not can_edit_article(request.user, article):
        messages.info(request, _("Dit artikel is ingediend; je kan het niet meer wijzigen."))
        return redirect("knowledge:article", slug=article.slug)
    form = ArticleForm(request.POST or None, initial=_form_data(article))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_article(
                article=article,
                data=data,
                themes=data["themes"],
                projects=data["projects"],
                services=data["services"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Het artikel is bewaard."))
            return redirect("knowledge:article_edit", pk=article.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "knowledge/articles/edit.html",
        {
            "form": form,
            "article": article,
            "image_form": ImageForm(),
            "images": article.images.all(),
        },
        status=status,
    )


@login_required
@require_POST
def article_image_add(request: AuthedRequest, pk: int) -> HttpResponse:
    article = get_article_for_editor_or_404(request.user, pk)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            services.add_article_image(
                article=article,
                upload=upload,
                name=upload.name,
                size=upload.size,
                alt=form.cleaned_data["alt"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("image", str(error.message))
        else:
            messages.success(request, _("De afbeelding is toegevoegd."))
            return redirect("knowledge:article_edit", pk=article.pk)
    return render(
        request,
        "knowledge/articles/edit.html",
        {
            "form": ArticleForm(initial=_form_data(article)),
            "article": article,
            "image_form": form,
            "images": article.images.all(),
        },
        status=400,
    )


@login_required
@require_POST
def article_image_remove(request: AuthedRequest, pk: int, image_pk: int) -> HttpResponse:
    article = get_article_for_editor_or_404(request.user, pk)
    image = get_object_or_404(article.images, pk=image_pk)
    try:
        services.remove_article_image(image=image, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("knowledge:article_edit", pk=article.pk)


@login_required
@require_POST
def article_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    article = get_article_for_editor_or_404(request.user, pk)
    try:
        services.submit_article(article=article, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("knowledge:article_edit", pk=article.pk)
    messages.success(request, _("Ingediend: een coördinator leest het na."))
    return redirect("knowledge:my_articles")


@coordinator_required
def article_review(request: AuthedRequest, pk: int) -> HttpResponse:
    """A coordinator publishes an article in review, or sends it back with a note (also a
    published one, which then goes offline)."""
    article = get_object_or_404(
        Article.objects.select_related("author").prefetch_related("themes", "images"), pk=pk
    )
    form = SendBackForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                services.publish_article(article=article, by=request.user)
                messages.success(request, _("Het artikel is gepubliceerd."))
                return redirect("knowledge:article", slug=article.slug)
            if form.is_valid():
                services.send_back_article(
                    article=article, note=form.cleaned_data["note"], by=request.user
                )
                messages.success(request, _("Het artikel ging terug naar de auteur."))
                return redirect("knowledge:my_articles")
        except DomainError as error:
            form.add_error(None, str(error.message))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "knowledge/articles/review.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "projects": article.projects.all(),
            "form": form,
        },
        status=status,
    )
