"""The expert pool's pages: who may see them, editing a profile, proposals and invitations,
bad input, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proeftuin.projects.models import ExpertProfile, Membership

from ..conftest import client_for
from ..factories import ThemeFactory, UserFactory
from .conftest import ExpertFactory, MemberFactory, NeedFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas):
    need = NeedFactory(
        organisation=personas.organisation, submitted_by=personas.submitter, status="selected"
    )
    need.themes.set([ThemeFactory(slug="erfgoed")])
    project = ProjectFactory(need=need)
    MemberFactory(project=project, user=personas.team_member, role="lokale_indiener")
    return project


@pytest.fixture
def eva(personas):
    return ExpertFactory(
        user=personas.expert, hours_per_month=16, themes=[ThemeFactory(slug="erfgoed")]
    )


def _profile_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "intern",
        "organisation": "Departement Cultuur",
        "summary": "Digitale collecties",
        "languages": ["nl", "en"],
        "hours_per_month": "12",
        "day_rate": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["outsider", "team_member", "expert", "submitter"])
def test_an_outsider_or_member_gets_404_on_the_pool_and_proposals(personas, project, eva, who):
    client = client_for(getattr(personas, who))
    invite = reverse("projects:expert_invite", args=[project.pk, eva.pk])

    assert client.get(reverse("projects:expert_pool")).status_code == 404
    assert client.get(reverse("projects:expert_new")).status_code == 404
    assert client.get(reverse("projects:expert_proposals", args=[project.pk])).status_code == 404
    assert client.post(invite, {f"e{eva.pk}-hours_per_month": "4"}).status_code == 404
    assert not Membership.objects.filter(user=eva.user, project=project).exists()


def test_the_coordinator_sees_the_pool_with_loads(personas, eva):
    MemberFactory(user=eva.user, hours_per_month=16)

    response = client_for(personas.coordinator).get(reverse("projects:expert_pool"))

    assert response.status_code == 200
    assert "Eva Expert" in response.text and "volzet" in response.text


def test_the_pool_filters(personas, eva):
    ExpertFactory(
        user__name="Frans Extern",
        kind="extern",
        day_rate_cents=60000,
        languages=" fr ",
        hours_per_month=4,
    )
    client = client_for(personas.coordinator)
    url = reverse("projects:expert_pool")

    def names(**query: str) -> set[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return {e.user.name for e in (row["expert"] for row in response.context["rows"])}

    assert names() == {"Eva Expert", "Frans Extern"}
    assert names(theme="erfgoed") == {"Eva Expert"}
    assert names(kind="extern") == {"Frans Extern"}
    assert names(language="fr") == {"Frans Extern"}
    assert names(free_hours="10") == {"Eva Expert"}


@pytest.mark.parametrize(
    "query", [{"free_hours": "veel"}, {"theme": "bestaat-niet"}, {"kind": "x"}]
)
def test_the_pool_answers_a_bad_filter_with_400(personas, query):
    response = client_for(personas.coordinator).get(reverse("projects:expert_pool"), query)

    assert response.status_code == 400
    assert response.context["rows"] == []


def test_the_pool_keeps_a_fixed_number_of_queries(personas):
    client = client_for(personas.coordinator)
    url = reverse("projects:expert_pool")
    theme = ThemeFactory(slug="erfgoed")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            expert = ExpertFactory(themes=[theme, ThemeFactory()])
            MemberFactory(user=expert.user, hours_per_month=3)
            MemberFactory(user=expert.user, hours_per_month=2, accepted_at=None)

    add(2)
    few = count()
    add(12)
    many = count()

    assert few == many


def test_the_proposals_keep_a_fixed_number_of_queries(personas, project):
    client = client_for(personas.coordinator)
    url = reverse("projects:expert_proposals", args=[project.pk])
    theme = ThemeFactory(slug="erfgoed")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            expert = ExpertFactory(themes=[theme])
            MemberFactory(user=expert.user, hours_per_month=3)

    add(1)
    few = count()
    add(6)
    many = count()

    assert few == many


def test_an_expert_edits_their_own_profile(personas, eva):
    client = client_for(personas.expert)
    url = reverse("projects:expert_profile", args=[eva.pk])

    assert client.get(reverse("projects:my_expert_profile")).url == url
    response = client.post(url, _profile_post(kind="extern"))

    assert response.status_code == 302
    eva.refresh_from_db()
    assert eva.organisation == "Departement Cultuur"
    assert eva.language_codes == ["nl", "en"] and eva.hours_per_month == 12
    # The kind is a coordinator's choice: the expert's form cannot change it.
    assert eva.kind == ExpertProfile.Kind.INTERNAL


def test_an_expert_cannot_open_someone_elses_profile(personas, eva):
    other = ExpertFactory()
    client = client_for(personas.expert)

    assert client.get(reverse("projects:expert_profile", args=[other.pk])).status_code == 404
    response = client.post(reverse("projects:expert_profile", args=[other.pk]), _profile_post())
    assert response.status_code == 404
    assert (
        client_for(personas.outsider).get(reverse("projects:my_expert_profile")).status_code == 404
    )


def test_a_bad_profile_is_400_with_the_input_kept(personas, eva):
    response = client_for(personas.expert).post(
        reverse("projects:expert_profile", args=[eva.pk]),
        _profile_post(hours_per_month="500", organisation="Mijn bureau"),
    )

    assert response.status_code == 400
    assert 'value="Mijn bureau"' in response.text
    eva.refresh_from_db()
    assert eva.hours_per_month == 16


def test_a_coordinator_adds_an_external_expert_with_a_day_rate(personas):
    person = UserFactory(name="Xavier Extern", email="xavier@bureau.be")
    client = client_for(personas.coordinator)

    response = client.post(
        reverse("projects:expert_new"),
        _profile_post(email="Xavier@bureau.be", kind="extern", day_rate="712.50"),
    )

    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=person)
    assert profile.kind == "extern" and profile.day_rate_cents == 71250


def test_an_external_expert_needs_a_day_rate(personas):
    UserFactory(email="yara@bureau.be")
    response = client_for(personas.coordinator).post(
        reverse("projects:expert_new"), _profile_post(email="yara@bureau.be", kind="extern")
    )

    assert response.status_code == 400
    assert 'value="yara@bureau.be"' in response.text
    assert not ExpertProfile.objects.exists()


def test_the_coordinator_invites_a_proposed_expert_who_accepts(personas, project, eva):
    client = client_for(personas.coordinator)
    page = client.get(reverse("projects:expert_proposals", args=[project.pk]))
    assert [row["expert"] for row in page.context["rows"]] == [eva]

    response = client.post(
        reverse("projects:expert_invite", args=[project.pk, eva.pk]),
        {f"e{eva.pk}-hours_per_month": "6"},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(project=project, user=personas.expert)
    assert membership.is_pending and membership.hours_per_month == 6
    expert = client_for(personas.expert)
    mine = expert.get(reverse("accounts:mine"))
    assert reverse("projects:accept", args=[membership.token]) in mine.text
    invitation = expert.get(reverse("projects:accept", args=[membership.token]))
    assert "6 uur per maand" in invitation.text
    assert expert.post(reverse("projects:accept", args=[membership.token])).status_code == 302
    membership.refresh_from_db()
    assert membership.accepted_at is not None


def test_an_invitation_with_bad_hours_is_400_with_the_input_kept(personas, project, eva):
    response = client_for(personas.coordinator).post(
        reverse("projects:expert_invite", args=[project.pk, eva.pk]),
        {f"e{eva.pk}-hours_per_month": "17", f"e{eva.pk}-starts_on": "2031-05-01"},
    )

    assert response.status_code == 400
    assert 'value="17"' in response.text and 'value="2031-05-01"' in response.text
    assert not Membership.objects.filter(user=eva.user).exists()


def test_the_expert_declines_from_the_invitation(personas, project, eva):
    client_for(personas.coordinator).post(
        reverse("projects:expert_invite", args=[project.pk, eva.pk]),
        {f"e{eva.pk}-hours_per_month": "6"},
    )
    membership = Membership.objects.get(project=project, user=personas.expert)

    outsider = client_for(personas.outsider).post(
        reverse("projects:decline", args=[membership.token])
    )
    assert outsider.status_code == 302 and Membership.objects.filter(pk=membership.pk).exists()
    response = client_for(personas.expert).post(
        reverse("projects:decline", args=[membership.token])
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_project_list_links_the_pool_and_the_experts_own_profile(personas, eva):
    coordinator = client_for(personas.coordinator).get(reverse("projects:list"))
    expert = client_for(personas.expert).get(reverse("projects:list"))
    outsider = client_for(personas.outsider).get(reverse("projects:list"))

    assert reverse("projects:expert_pool") in coordinator.text
    assert reverse("projects:expert_profile", args=[eva.pk]) in expert.text
    assert f'href="{reverse("projects:expert_pool")}"' not in expert.text
    assert "Mijn expertprofiel" not in outsider.text


def test_the_profile_is_in_the_personal_data_and_leaves_with_the_account(personas, eva):
    from proeftuin.accounts.services import delete_account, export_personal_data

    eva.themes.set([ThemeFactory(slug="erfgoed")])

    exported = export_personal_data(user=personas.expert)["expert_profile"]
    assert exported["themes"] == ["erfgoed"] and exported["hours_per_month"] == 16

    delete_account(user=personas.expert, by=personas.expert)
    assert not ExpertProfile.objects.filter(pk=eva.pk).exists()


def test_a_coordinator_changes_an_experts_hours_on_the_team_page(personas, project, eva):
    membership = MemberFactory(project=project, user=eva.user, hours_per_month=4)
    client = client_for(personas.coordinator)
    url = reverse("projects:commitment", args=[project.pk, membership.pk])
    prefix = f"m{membership.pk}"

    page = client.get(reverse("projects:team", args=[project.pk]))
    assert url in page.text
    response = client.post(url, {f"{prefix}-hours_per_month": "10"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.hours_per_month == 10

    too_many = client.post(
        url, {f"{prefix}-hours_per_month": "17", f"{prefix}-ends_on": "2031-01-31"}
    )
    assert too_many.status_code == 400
    assert 'value="17"' in too_many.text and 'value="2031-01-31"' in too_many.text
    membership.refresh_from_db()
    assert membership.hours_per_month == 10


def test_only_coordinators_change_committed_hours(personas, project, eva):
    membership = MemberFactory(project=project, user=eva.user, hours_per_month=4)
    url = reverse("projects:commitment", args=[project.pk, membership.pk])

    for who in (personas.team_member, personas.expert, personas.outsider):
        response = client_for(who).post(url, {f"m{membership.pk}-hours_per_month": "1"})
        assert response.status_code == 404
    page = client_for(personas.team_member).get(reverse("projects:team", args=[project.pk]))
    assert url not in page.text
    membership.refresh_from_db()
    assert membership.hours_per_month == 4


def test_the_load_bars_show_the_share_of_the_availability_committed():
    from proeftuin.projects.views.experts import BAR_HEIGHT, load_bars

    bars = load_bars([0, 8, 16, 20], 16)

    assert [b["height"] for b in bars] == [0, BAR_HEIGHT // 2, BAR_HEIGHT, BAR_HEIGHT]
    assert [b["full"] for b in bars] == [False, False, True, True]
    assert [b["y"] + b["height"] for b in bars] == [BAR_HEIGHT] * 4
    assert load_bars([0, 3], 0)[1]["height"] == BAR_HEIGHT


def test_the_pool_draws_each_experts_load_with_the_numbers_in_words(personas, eva):
    MemberFactory(user=eva.user, hours_per_month=8)

    response = client_for(personas.coordinator).get(reverse("projects:expert_pool"))

    assert 'role="img"' in response.text
    assert "Toegezegde uren van Eva Expert per maand" in response.text
    assert ": 8/16" in response.text
