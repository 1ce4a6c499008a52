"""The digest's pages: subscribe, confirm and unsubscribe for anyone; the settings,
editions and preview for coordinators."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from proeftuin.core.errors import DomainError
from proeftuin.core.permissions import coordinator_required
from proeftuin.participation import ratelimit

from . import services
from .forms import DigestSettingsForm, SubscribeForm
from .models import DigestSettings, Edition, Subscriber


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    # A member's address is filled in; they confirm it like anyone else.
    email = getattr(request.user, "email", "")
    form = SubscribeForm(request.POST if posted else None, initial={"email": email})
    status = 200
    if posted and ratelimit.too_many(request, "digest-subscribe"):
        form.is_valid()
        form.add_error(
            None, _("Te veel inschrijvingen van hetzelfde adres. Probeer het later opnieuw.")
        )
        status = 429
    elif posted and form.is_valid():
        services.subscribe(
            email=form.cleaned_data["email"],
            themes=list(form.cleaned_data["themes"]),
            language=get_language(),
        )
        return render(request, "knowledge/digest/subscribe_sent.html")
    elif posted:
        status = 400
    return render(request, "knowledge/digest/subscribe.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link shows a button; only the POST confirms, so a mail scanner that opens links
    does not subscribe anyone."""
    error = ""
    confirmed = None
    if request.method == "POST":
        try:
            confirmed = services.confirm(token)
        except DomainError as refused:
            error = str(refused.message)
    return render(
        request,
        "knowledge/digest/confirm.html",
        {"error": error, "confirmed": confirmed},
        status=400 if error else 200,
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a form; the signed token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    error = ""
    done = False
    try:
        if request.method == "POST":
            services.unsubscribe(token)
            done = True
        else:
            # Someone who already left sees that, not the button again.
            done = services.subscriber_for_unsubscribe(token) is None
    except DomainError as refused:
        error = str(refused.message)
    return render(
        request,
        "knowledge/digest/unsubscribe.html",
        {"error": error, "done": done},
        status=400 if error else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    current = DigestSettings.current()
    posted = request.method == "POST"
    form = DigestSettingsForm(request.POST if posted else None, instance=current)
    if posted and form.is_valid():
        form.save()
        messages.success(request, _("De instellingen van de nieuwsbrief zijn bewaard."))
        return redirect("knowledge:digest_manage")
    return render(
        request,
        "knowledge/digest/manage.html",
        {
            "form": form,
            "editions": Edition.objects.all()[:20],
            "subscribers": Subscriber.objects.filter(confirmed_at__isnull=False).count(),
        },
        status=400 if form.errors else 200,
    )


@coordinator_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    return render(
        request,
        "knowledge/digest/preview.html",
        {"edition": edition, "sections": services.edition_sections(edition)},
    )


@coordinator_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    try:
        services.start_sending(edition=edition, by=request.user)
    except DomainError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("De editie wordt verzonden."))
    return redirect("knowledge:digest_manage")
