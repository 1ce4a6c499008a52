"""The permission matrix: every route of the URL configuration, asked by every persona, answers
what this one table says.

A route missing from EXPECTED fails the test ("add … to the permission matrix"), so no new
page can be forgotten. Pages are asked with GET; routes that only take a POST (`post(...)`)
get an empty POST, and for everyone who may not use them the test also checks that no table
changed. Objects one may not see answer 404 (never a 403 that confirms they exist); a page
that needs an account sends the anonymous visitor to sign in (302).

Each persona walks every route in one test (one transaction); each request runs in a
savepoint that is rolled back, so what one request changes cannot disturb the next.
"""

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from .conftest import PERSONAS, World
from .routes import Route, all_routes, ask, fill

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------
# URL kwargs per route: a function of the world (tests/security/conftest.py).

Builder = Callable[[World], dict[str, Any]]


def project(**more: str) -> Builder:
    """A route under /projecten/<pk>/, with more kwargs naming objects of the world."""
    return lambda w: {"pk": w.project.pk, **{key: w.objects[name].pk for key, name in more.items()}}


def pk(name: str, **more: str) -> Builder:
    return lambda w: {"pk": w.objects[name].pk, **{k: w.objects[v].pk for k, v in more.items()}}


def slug(name: str) -> Builder:
    return lambda w: {"slug": w.objects[name].slug}


def organisation(**more: str) -> Builder:
    def build(w: World) -> dict[str, Any]:
        membership = w.people["submitter"].memberships.get()
        return {"slug": membership.organisation.slug, **dict.fromkeys(more, membership.pk)}

    return build


def admin_object(w: World, route: Route) -> dict[str, Any]:
    """An admin URL with an object id: the first row of the model the URL is about."""
    if "content_type_id" in route.kwargs:
        need = w.need
        return {"content_type_id": ContentType.objects.get_for_model(need).pk, "object_id": need.pk}
    if "app_label" in route.kwargs:
        return {"app_label": "calls"}
    if "url" in route.kwargs:
        return {"url": "bestaat-niet/"}
    app_label, model_name = route.pattern.split("/")[1:3]
    model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    assert model is not None
    row = model._default_manager.order_by("pk").first()
    return {"object_id": row.pk if row else 1, "id": row.pk if row else 1}


KWARGS: dict[str, Builder] = {
    "core:follow": lambda w: {"label": "calls.need", "object_id": w.challenge.pk},
    "core:activity": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(w.need).pk,
        "object_id": w.need.pk,
    },
    "api:municipality_detail": lambda w: {"nis_code": "44021"},
    "api:call_detail": slug("call"),
    "api:challenge_detail": lambda w: {"id": w.challenge.pk},
    "api:project_detail": lambda w: {"id": w.project.pk},
    "api:learning_detail": lambda w: {"id": w.project.learnings.first().pk},
    "api:article_detail": slug("published_article"),
    "api:service_detail": slug("service"),
    "api:adoption_list": slug("service"),
    "open_data_csv": lambda w: {"name": "oproepen"},
    "account_confirm_email": lambda w: {"key": "ongeldige-sleutel"},
    "account_reset_password_from_key": lambda w: {"uidb36": "1", "key": "ongeldige-sleutel"},
    "organisations:detail": organisation(),
    "organisations:join": organisation(),
    "organisations:members": organisation(),
    "organisations:decide": organisation(pk="membership"),
    "organisations:change_role": organisation(pk="membership"),
    "organisations:remove": organisation(pk="membership"),
    "reviews:scorecard": pk("review"),
    "reviews:conflict": pk("review"),
    "reviews:assign": slug("call"),
    "reviews:assign_one": lambda w: {"slug": w.call.slug, "need_pk": w.need.pk},
    "reviews:ranking": slug("call"),
    "reviews:publish": slug("call"),
    "reviews:max_projects": slug("call"),
    "reviews:decide": lambda w: {"need_pk": w.need.pk},
    "calls:detail": slug("call"),
    "calls:edit": slug("call"),
    "calls:intake": slug("call"),
    "calls:intake_csv": slug("call"),
    "calls:import_start": slug("call"),
    "calls:call_action": lambda w: {"slug": w.call.slug, "action": "publiceren"},
    "calls:import": pk("import"),
    "calls:import_run": pk("import"),
    "calls:import_row": pk("import", row_pk="import_row"),
    "calls:challenge": pk("challenge"),
    "calls:support": pk("challenge"),
    "calls:withdraw_support": pk("support"),
    "calls:need": pk("need"),
    "calls:need_edit": pk("need"),
    "calls:need_submit": pk("need"),
    "calls:attachment_add": pk("need"),
    "calls:attachment": pk("need", attachment_pk="attachment"),
    "calls:attachment_remove": pk("need", attachment_pk="attachment"),
    "calls:co_submitter_invite": pk("need"),
    "calls:co_submitter_confirm": pk("co_submitter"),
    "calls:need_decide": lambda w: {"pk": w.need.pk, "action": "retained"},
    "calls:need_similar": pk("need"),
    "calls:need_cluster": pk("need"),
    "calls:thesaurus_edit": pk("concept"),
    "calls:thesaurus_delete": pk("concept"),
    "calls:need_move": lambda w: {"pk": w.need.pk, "action": "intrekken"},
    "reports:project": project(),
    "reports:project_pdf": project(),
    "reports:public": project(),
    "reports:public_pdf": project(),
    "canvases:index": project(),
    "canvases:canvas_create": project(),
    "canvases:stream_create": project(),
    **{
        f"canvases:{name}": project(canvas_pk="canvas")
        for name in (
            "canvas",
            "canvas_picture",
            "canvas_rename",
            "canvas_delete",
            "item_add",
            "canvas_history",
            "canvas_version_save",
        )
    },
    **{
        f"canvases:{name}": project(canvas_pk="canvas", item_pk="item")
        for name in ("item_change", "item_move", "item_link", "item_remove")
    },
    "canvases:canvas_version": project(canvas_pk="canvas", snapshot_pk="canvas_version"),
    **{
        f"canvases:{name}": project(stream_pk="stream")
        for name in (
            "stream",
            "stream_picture",
            "stream_rename",
            "stream_delete",
            "step_add",
            "stream_history",
            "stream_version_save",
        )
    },
    **{
        f"canvases:{name}": project(stream_pk="stream", step_pk="step")
        for name in ("step_change", "step_move", "step_remove")
    },
    "canvases:stream_version": project(stream_pk="stream", snapshot_pk="stream_version"),
    "participation:answer": lambda w: {"token": w.form.token},
    "participation:thanks": lambda w: {"token": w.form.token},
    "participation:erase": lambda w: {"token": w.form.token},
    "participation:experiment_forms": project(exp_pk="experiment"),
    **{
        f"participation:{name}": project(form_pk="form")
        for name in (
            "form",
            "form_status",
            "question_add",
            "codes",
            "qr",
            "qr_svg",
            "qr_png",
            "metric",
            "results",
            "results_csv",
        )
    },
    **{
        f"participation:{name}": project(form_pk="form", q_pk="question")
        for name in ("question_edit", "question_move", "question_remove")
    },
    "scaling:evaluation": project(),
    "scaling:start": project(),
    "scaling:score": project(criterion_pk="criterion"),
    "scaling:decide": project(),
    "scaling:criterion": pk("criterion"),
    "scaling:activate": pk("adoption"),
    "scaling:end": pk("adoption"),
    "scaling:service": slug("service"),
    "scaling:service_coverage": slug("service"),
    "scaling:adopt": slug("service"),
    "scaling:service_state": slug("service"),
    "scaling:service_edit": slug("service"),
    "projects:detail": project(),
    "projects:profile": project(),
    "projects:hypotheses": project(),
    "projects:hypothesis_edit": project(hypothesis_pk="hypothesis"),
    "projects:experiments": project(),
    "projects:experiment_new": project(),
    **{
        f"projects:{name}": project(exp_pk="experiment")
        for name in (
            "experiment",
            "experiment_edit",
            "experiment_start",
            "experiment_complete",
            "experiment_comment",
        )
    },
    "projects:learnings": project(),
    "projects:gate": project(),
    "projects:method_edit": lambda w: {"method_pk": w.method.pk},
    "projects:team": project(),
    "projects:member_add": project(),
    "projects:member_remove": project(member_pk="member"),
    "projects:test_site_add": project(),
    "projects:agreement": project(site_pk="site"),
    "projects:test_site_remove": project(site_pk="site"),
    "projects:accept": lambda w: {"token": w.invitation.token},
    "projects:discussion": project(),
    "projects:documents": project(),
    "projects:document_version": lambda w: {
        "pk": w.project.pk,
        "doc_pk": w.document.pk,
        "number": w.document_version.number,
    },
    "projects:publication": project(),
    "projects:name_consent": project(),
    "projects:publication_approve": project(),
    "projects:publication_decline": project(),
    "knowledge:project": project(),
    "knowledge:article_image": pk("article_image"),
    "knowledge:article_edit": pk("article"),
    "knowledge:article_image_add": pk("article"),
    "knowledge:article_image_remove": pk("article", image_pk="article_image"),
    "knowledge:article_submit": pk("article"),
    "knowledge:article_review": pk("article"),
    "knowledge:article": slug("published_article"),
    "knowledge:digest_confirm": lambda w: {"token": "ongeldig"},
    "knowledge:digest_unsubscribe": lambda w: {"token": "ongeldig"},
    "knowledge:digest_preview": pk("edition"),
    "knowledge:digest_send": pk("edition"),
    "reports:municipality_pdf": lambda w: {"code": "44021"},
    "scaling:give_feedback": pk("adoption"),
    "scaling:request_to_need": pk("service_request"),
    "scaling:release_mails_off": lambda w: {"token": "ongeldig"},
    "scaling:feedback": slug("service"),
    "scaling:release": slug("service"),
    "projects:commitment": project(member_pk="member"),
    "projects:decline": lambda w: {"token": w.invitation.token},
    "projects:expert_profile": lambda w: {"expert_pk": w.expert_profile.pk},
    "projects:expert_proposals": project(),
    "projects:expert_invite": project(expert_pk="expert_profile"),
    "projects:budget": project(),
    "projects:budget_edit": project(),
    "projects:spending_attachment": project(spending_pk="spending"),
    "projects:spending_remove": project(spending_pk="spending"),
    "knowledge:municipality": lambda w: {"code": "44021"},
    "knowledge:province": lambda w: {"slug": "oost-vlaanderen"},
    "knowledge:feed_service_releases": slug("service"),
    "insights:csv": lambda w: {"key": "trechter"},
}


def url_for(route: Route, world: World) -> str:
    if not route.kwargs:
        return fill(route, {})
    if route.pattern.startswith("beheer/"):
        return fill(route, admin_object(world, route))
    assert route.key in KWARGS, f"add {route.key} to KWARGS in {__name__} (its URL kwargs)"
    return fill(route, KWARGS[route.key](world))


# ---------------------------------------------------------------------------------------------
# The expected outcomes.

ANYTHING_BUT_500 = -1  # the admin's own pages: Django decides per model, never a server error


@dataclass(frozen=True)
class Expect:
    method: str
    status: dict[str, int]
    allowed: frozenset[str]  # who may use the route; for everyone else a POST changes nothing


SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
COORDINATORS = frozenset({"coordinator", "admin"})  # a technical admin may do what they do
# The project's team (its lokale indiener, external expert and projectleider) and coordinators.
TEAM = frozenset({"submitter", "expert", "team_member"}) | COORDINATORS
# The projectleider, who is also the author of the draft article, and coordinators.
LEADERS = frozenset({"team_member"}) | COORDINATORS
# Bibliotheek Gent's members, whose need it is.
GENT_MEMBERS = frozenset({"org_admin", "submitter", "team_member"})
GENT = GENT_MEMBERS | COORDINATORS
MEMBERS = GENT_MEMBERS | {"other_member", "reviewer"}  # of some organisation
ORG_ADMINS = frozenset({"org_admin"}) | COORDINATORS
REVIEWER = frozenset({"reviewer"})


def page(
    who: frozenset[str],
    ok: int = 200,
    *,
    method: str = "GET",
    anonymous: int = 302,
    others: int = 404,
    **exceptions: int,
) -> Expect:
    """`who` get `ok`, the anonymous visitor is sent to sign in (or gets a 404 where the page
    does not even admit it exists), every other persona gets `others` (a 404)."""
    status = {p: ok if p in who else others for p in PERSONAS} | {"anonymous": anonymous}
    return Expect(method, status | exceptions, who)


def post(who: frozenset[str], ok: int = 302, **kwargs: Any) -> Expect:
    """A route that only takes a POST (its GET answers 405)."""
    return page(who, ok, method="POST", **kwargs)


def everyone(status: int, *, method: str = "GET", **exceptions: int) -> Expect:
    return Expect(method, dict.fromkeys(PERSONAS, status) | exceptions, frozenset(PERSONAS))


ADMIN_SITE = Expect(
    "GET",
    dict.fromkeys(PERSONAS, 302) | {"admin": ANYTHING_BUT_500},  # others: to the admin's sign-in
    frozenset({"admin"}),
)

EXPECTED: dict[str, Expect] = {
    "core:home": everyone(200),
    "core:privacy": everyone(200),
    "core:accessibility": everyone(200),
    "core:contact": everyone(200),
    "core:follow": everyone(302, method="POST"),
    "core:activity": page(COORDINATORS, anonymous=404),
    "api:openapi-json": everyone(200),
    "api:openapi-view": everyone(200),
    "api:municipality_list": everyone(200),
    "api:municipality_detail": everyone(200),
    "api:call_list": everyone(200),
    "api:call_detail": everyone(200),
    "api:challenge_list": everyone(200),
    "api:challenge_detail": everyone(200),
    "api:project_list": everyone(200),
    "api:project_detail": everyone(200),
    "api:learning_list": everyone(200),
    "api:learning_detail": everyone(200),
    "api:article_list": everyone(200),
    "api:article_detail": everyone(200),
    "api:service_list": everyone(200),
    "api:service_detail": everyone(200),
    "api:adoption_list": everyone(200),
    "api:coverage_view": everyone(200),
    "api:search": everyone(422),
    "api:figures_view": everyone(200),
    "api:api-root": everyone(404),
    "open_data": everyone(200),
    "open_data_csv": everyone(200),
    "sitemap": everyone(200),
    "robots": everyone(200),
    "account_login": page(SIGNED_IN, ok=302, anonymous=200),
    "account_logout": page(SIGNED_IN),
    "account_inactive": everyone(200),
    "account_signup": page(SIGNED_IN, ok=302, anonymous=200),
    "account_reauthenticate": page(SIGNED_IN),
    "account_email": page(SIGNED_IN),
    "account_email_verification_sent": everyone(200),
    "account_change_password": page(SIGNED_IN),
    "account_set_password": everyone(302),
    "account_reset_password": everyone(200),
    "account_confirm_login_code": everyone(302),
    "account_confirm_email": everyone(200),
    "account_reset_password_from_key_done": everyone(200),
    "account_reset_password_from_key": everyone(200),
    "account_reset_password_done": everyone(200),
    "mfa_index": page(SIGNED_IN),
    "mfa_authenticate": everyone(302),
    "mfa_reauthenticate": everyone(302),
    "mfa_activate_totp": everyone(302),
    "mfa_deactivate_totp": page(SIGNED_IN, ok=404),
    "mfa_view_recovery_codes": page(SIGNED_IN, ok=404),
    "mfa_generate_recovery_codes": everyone(302),
    "mfa_download_recovery_codes": page(SIGNED_IN, ok=404),
    "accounts:mine": page(SIGNED_IN),
    "accounts:profile": page(SIGNED_IN),
    "accounts:export": page(SIGNED_IN),
    "accounts:delete": page(SIGNED_IN),
    "organisations:list": everyone(200),
    "organisations:create": page(COORDINATORS, anonymous=404),
    "organisations:about_data": everyone(200),
    "organisations:detail": everyone(200),
    "organisations:join": everyone(302, method="POST"),
    "organisations:members": page(ORG_ADMINS),
    "organisations:decide": post(ORG_ADMINS, ok=302),
    "organisations:change_role": post(ORG_ADMINS, ok=302),
    "organisations:remove": page(ORG_ADMINS),
    "reviews:mine": page(SIGNED_IN),
    "reviews:scorecard": page(REVIEWER),
    "reviews:conflict": post(REVIEWER, ok=302),
    "reviews:assign": page(COORDINATORS, anonymous=404),
    "reviews:assign_one": post(COORDINATORS, ok=302, anonymous=404),
    "reviews:ranking": page(COORDINATORS, anonymous=404),
    "reviews:publish": post(COORDINATORS, ok=302, anonymous=404),
    "reviews:max_projects": post(COORDINATORS, ok=302, anonymous=404),
    "reviews:decide": page(COORDINATORS, anonymous=404),
    "calls:list": everyone(200),
    "calls:alert": everyone(302, method="POST"),
    "calls:manage": page(COORDINATORS, anonymous=404),
    "calls:create": page(COORDINATORS, anonymous=404),
    "calls:detail": everyone(200),
    "calls:edit": page(COORDINATORS, anonymous=404),
    "calls:intake": page(COORDINATORS, anonymous=404),
    "calls:intake_csv": page(COORDINATORS, anonymous=404),
    "calls:import_start": page(COORDINATORS, anonymous=404),
    "calls:call_action": post(COORDINATORS, ok=302, anonymous=404),
    "calls:import": page(COORDINATORS, anonymous=404),
    "calls:import_run": post(COORDINATORS, ok=302, anonymous=404),
    "calls:import_row": post(COORDINATORS, ok=302, anonymous=404),
    "calls:challenges": everyone(200),
    "calls:challenge": everyone(200),
    "calls:support": everyone(302, method="POST"),
    "calls:withdraw_support": post(GENT, ok=302),
    "calls:my_needs": page(SIGNED_IN),
    # Members of any organisation write needs; who has none is sent to join one.
    "calls:need_new": page(MEMBERS, others=302),
    "calls:need_autosave": post(SIGNED_IN, ok=400, anonymous=401),
    "calls:need": page(GENT, anonymous=404),
    "calls:need_edit": page(GENT_MEMBERS, ok=302),
    "calls:need_submit": post(GENT_MEMBERS, ok=302),
    "calls:attachment_add": post(GENT_MEMBERS, ok=302),
    "calls:attachment": page(GENT),
    "calls:attachment_remove": post(GENT_MEMBERS, ok=302),
    "calls:co_submitter_invite": post(GENT_MEMBERS, ok=302),
    "calls:co_submitter_confirm": post(SIGNED_IN, ok=404),
    "calls:need_decide": post(COORDINATORS, ok=302, anonymous=404),
    "calls:need_suggestions": everyone(200, method="POST"),
    "calls:need_similar": page(GENT, anonymous=404),
    "calls:need_cluster": page(COORDINATORS, anonymous=404),
    "calls:clusters": page(COORDINATORS, anonymous=404),
    "calls:thesaurus": page(COORDINATORS, anonymous=404),
    "calls:thesaurus_create": page(COORDINATORS, anonymous=404),
    "calls:thesaurus_edit": page(COORDINATORS, anonymous=404),
    "calls:thesaurus_delete": post(COORDINATORS, ok=302, anonymous=404),
    "calls:need_move": post(GENT_MEMBERS, ok=302),
    "reports:project": page(TEAM),
    "reports:project_pdf": page(TEAM),
    "reports:public": everyone(200),
    "reports:public_pdf": everyone(200),
    "canvases:index": page(TEAM),
    "canvases:canvas_create": post(TEAM, ok=400),
    "canvases:canvas": page(TEAM),
    "canvases:canvas_picture": page(TEAM),
    "canvases:canvas_rename": post(TEAM, ok=400),
    "canvases:canvas_delete": post(TEAM, ok=302),
    "canvases:item_add": post(TEAM, ok=400),
    "canvases:item_change": post(TEAM, ok=302),
    "canvases:item_move": post(TEAM, ok=302),
    "canvases:item_link": post(TEAM, ok=302),
    "canvases:item_remove": post(TEAM, ok=302),
    "canvases:canvas_history": page(TEAM),
    "canvases:canvas_version_save": post(TEAM, ok=302),
    "canvases:canvas_version": page(TEAM),
    "canvases:stream_create": post(TEAM, ok=400),
    "canvases:stream": page(TEAM),
    "canvases:stream_picture": page(TEAM),
    "canvases:stream_rename": post(TEAM, ok=400),
    "canvases:stream_delete": post(TEAM, ok=302),
    "canvases:step_add": post(TEAM, ok=400),
    "canvases:step_change": post(TEAM, ok=400),
    "canvases:step_move": post(TEAM, ok=302),
    "canvases:step_remove": post(TEAM, ok=302),
    "canvases:stream_history": page(TEAM),
    "canvases:stream_version_save": post(TEAM, ok=302),
    "canvases:stream_version": page(TEAM),
    "participation:answer": everyone(200),
    "participation:thanks": everyone(200),
    "participation:erase": everyone(200),
    "participation:experiment_forms": page(TEAM),
    "participation:form": page(TEAM),
    "participation:form_status": post(TEAM, ok=302),
    "participation:question_add": post(TEAM, ok=400),
    "participation:question_edit": page(TEAM),
    "participation:question_move": post(TEAM, ok=302),
    "participation:question_remove": post(TEAM, ok=302),
    "participation:codes": page(TEAM),
    "participation:qr": page(TEAM),
    "participation:qr_svg": page(TEAM),
    "participation:qr_png": page(TEAM),
    "participation:metric": page(TEAM),
    "participation:results": page(TEAM),
    "participation:results_csv": page(TEAM),
    "scaling:evaluation": page(TEAM),
    "scaling:start": post(TEAM, ok=302),
    "scaling:score": post(TEAM, ok=400),
    "scaling:decide": post(TEAM, ok=400),
    "scaling:criteria": page(COORDINATORS, anonymous=404),
    "scaling:criterion": post(COORDINATORS, ok=400, anonymous=404),
    "scaling:catalogue": everyone(200),
    "scaling:coverage": everyone(200),
    "scaling:activate": post(COORDINATORS, ok=302, anonymous=404),
    "scaling:end": page(COORDINATORS, anonymous=404),
    "scaling:service": everyone(200),
    "scaling:service_coverage": everyone(200),
    "scaling:adopt": post(SIGNED_IN, ok=400),
    "scaling:service_state": post(COORDINATORS, ok=302, anonymous=404),
    "scaling:service_edit": post(COORDINATORS, ok=302, anonymous=404),
    "projects:list": page(SIGNED_IN),
    "projects:detail": page(TEAM),
    "projects:profile": page(TEAM),
    "projects:hypotheses": page(TEAM),
    "projects:hypothesis_edit": page(TEAM),
    "projects:experiments": page(TEAM),
    "projects:experiment_new": page(TEAM),
    "projects:experiment": page(TEAM),
    "projects:experiment_edit": page(TEAM, ok=302),
    "projects:experiment_start": post(TEAM, ok=302),
    "projects:experiment_complete": page(TEAM),
    "projects:learnings": page(TEAM),
    "projects:gate": page(LEADERS),
    "projects:methods": page(SIGNED_IN),
    "projects:method_new": page(COORDINATORS),
    "projects:method_edit": page(COORDINATORS),
    "projects:team": page(TEAM),
    "projects:member_add": page(TEAM),
    "projects:member_remove": post(COORDINATORS, ok=302),
    "projects:test_site_add": post(COORDINATORS, ok=400),
    "projects:agreement": page(TEAM),
    "projects:test_site_remove": post(COORDINATORS, ok=302),
    "projects:accept": page(SIGNED_IN),
    "projects:expert_pool": page(COORDINATORS),
    "projects:expert_new": page(COORDINATORS),
    "projects:budget_overview": page(COORDINATORS, anonymous=404),
    "projects:discussion": page(TEAM),
    "projects:experiment_comment": post(TEAM, ok=400),
    "projects:documents": page(TEAM),
    "projects:document_version": page(TEAM),
    "projects:publication": page(TEAM),
    "projects:name_consent": post(SIGNED_IN, ok=404),
    "projects:publication_approve": post(COORDINATORS, ok=302),
    "projects:publication_decline": post(COORDINATORS, ok=400),
    "projects:publication_queue": page(COORDINATORS),
    "knowledge:projects": everyone(200),
    "knowledge:project": everyone(200),
    "knowledge:lessons": everyone(200),
    "knowledge:municipalities": everyone(200),
    "knowledge:search": everyone(200),
    "knowledge:articles": everyone(200),
    "knowledge:my_articles": page(TEAM),
    "knowledge:article_new": page(TEAM),
    "knowledge:article_image": page(LEADERS, anonymous=404),
    "knowledge:article_edit": page(LEADERS),
    "knowledge:article_image_add": post(LEADERS, ok=400),
    "knowledge:article_image_remove": post(LEADERS, ok=302),
    "knowledge:article_submit": post(LEADERS, ok=302),
    "knowledge:article_review": page(COORDINATORS, anonymous=404),
    "knowledge:article": everyone(200),
    "knowledge:feed_calls": everyone(200),
    "knowledge:feed_challenges": everyone(200),
    "knowledge:feed_projects": everyone(200),
    "knowledge:feed_lessons": everyone(200),
    "knowledge:feed_articles": everyone(200),
    "knowledge:feed_services": everyone(200),
    "knowledge:digest_subscribe": everyone(200),
    "knowledge:digest_confirm": everyone(200),
    "knowledge:digest_unsubscribe": everyone(400),
    "knowledge:digest_manage": page(COORDINATORS, anonymous=404),
    "knowledge:digest_preview": page(COORDINATORS, anonymous=404),
    "knowledge:digest_send": post(COORDINATORS, ok=302, anonymous=404),
    "insights:dashboard": page(COORDINATORS, anonymous=404),
    "set_language": everyone(302),
    "reports:municipality_pdf": everyone(200),
    # Feedback on a service comes from an active adoption's municipality: nobody here.
    "scaling:give_feedback": page(SIGNED_IN, ok=404),
    "scaling:request_to_need": page(COORDINATORS, anonymous=404),
    "scaling:release_mails_off": everyone(400),
    "scaling:feedback": page(COORDINATORS, anonymous=404),
    "scaling:release": page(COORDINATORS, anonymous=404),
    "projects:commitment": post(COORDINATORS, ok=400),
    # Declining is for the invited address only; anyone else is sent back unchanged.
    "projects:decline": everyone(302, method="POST"),
    "projects:my_expert_profile": page(frozenset({"expert"}), ok=302),
    "projects:expert_profile": page(frozenset({"expert"}) | COORDINATORS),
    "projects:expert_proposals": page(COORDINATORS),
    "projects:expert_invite": post(COORDINATORS, ok=400),
    "projects:budget": page(TEAM),
    "projects:budget_edit": page(COORDINATORS),
    "projects:spending_attachment": page(TEAM),
    "projects:spending_remove": post(LEADERS, ok=302),
    "knowledge:figures": everyone(200),
    "knowledge:municipality": everyone(200),
    "knowledge:province": everyone(200),
    "knowledge:feed_service_releases": everyone(200),
    "insights:csv": page(COORDINATORS, anonymous=404),
    # The Django admin, for technical administrators only: every model's pages alike.
    "admin:*": ADMIN_SITE,
    "beheer/*": ADMIN_SITE,
    # To allauth's sign-in, which asks the second factor (config/urls.py); a signed-in
    # member who is no staff is refused.
    "admin:login": everyone(403, anonymous=302, admin=302),
}


def expectation(key: str) -> Expect | None:
    if key in EXPECTED:
        return EXPECTED[key]
    return next(
        (
            expect
            for pattern, expect in EXPECTED.items()
            if "*" in pattern and fnmatchcase(key, pattern)
        ),
        None,
    )


def test_every_route_has_an_entry_in_the_matrix() -> None:
    missing = [route.key for route in all_routes() if expectation(route.key) is None]
    assert not missing, "add to the permission matrix (EXPECTED in tests/security/" + (
        "test_permission_matrix.py): " + ", ".join(missing)
    )


def test_the_matrix_names_no_route_that_is_gone() -> None:
    keys = {route.key for route in all_routes()}
    stale = [key for key in EXPECTED if "*" not in key and key not in keys]
    assert not stale, f"routes in the permission matrix that no longer exist: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_answers_the_persona_as_the_matrix_says(persona: str, world: World) -> None:
    client = Client(raise_request_exception=False)
    if world.people[persona] is not None:
        client.force_login(world.people[persona])
    routes = [route for route in all_routes() if expectation(route.key)]
    # Pages first: a POST that removes a file (rolled back in the database, not on disk)
    # must not be followed by a page that reads it.
    routes.sort(key=lambda route: expectation(route.key).method == "POST")  # type: ignore[union-attr]
    wrong = []
    for route in routes:
        expect = expectation(route.key)
        assert expect is not None
        url = url_for(route, world)
        mine = persona not in expect.allowed
        status, changed = ask(client, expect.method, url, watch=mine and expect.method == "POST")
        wanted = expect.status[persona]
        if (wanted == ANYTHING_BUT_500 and status >= 500) or wanted not in (
            ANYTHING_BUT_500,
            status,
        ):
            wrong.append(f"{route.key}: {expect.method} {url} answered {status}, expected {wanted}")
        if changed:
            wrong.append(f"{route.key}: POST {url} changed the database for {persona}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)
