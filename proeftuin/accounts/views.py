import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from proeftuin.core.models import Notification
from proeftuin.core.notifications import preferences_for
from proeftuin.core.registry import registry

from . import services
from .forms import DeleteAccountForm, NotificationPreferencesForm, ProfileForm
from .http import AuthedRequest


@require_http_methods(["GET", "POST"])
@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """Mijn Proeftuin: what awaits this person, and how they want to be told."""
    form = NotificationPreferencesForm(
        request.POST or None, initial_choices=preferences_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.update_notification_preferences(
            user=request.user, choices=form.cleaned_data, by=request.user
        )
        messages.success(request, _("Je meldingsvoorkeuren zijn bewaard."))
        return redirect("accounts:mine")
    items = [item for provider in registry.mine for item in provider(request.user)]
    notifications = Notification.objects.filter(user=request.user)[:10]
    return render(
        request,
        "accounts/mine.html",
        {"items": items, "form": form, "notifications": notifications},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            user=request.user,
            name=form.cleaned_data["name"],
            language=form.cleaned_data["language"],
            by=request.user,
        )
        messages.success(request, _("Je profiel is bewaard."))
        response = redirect("accounts:profile")
        # With the same attributes as Django's language switch gives it.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax"
        )
        return response
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@require_safe
@login_required
def export(request: AuthedRequest) -> HttpResponse:
    data = services.export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="proeftuin-mijn-gegevens-{stamp}.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: AuthedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        services.delete_account(user=user, by=user)
        logout(request)
        messages.success(
            request, _("Je account is verwijderd. Wat je bijdroeg blijft bewaard zonder je naam.")
        )
        return redirect("core:home")
    return render(
        request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200
    )
