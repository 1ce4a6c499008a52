"""Shared-need matching in the platform: the index follows the needs, similar needs and
clusters are shown to whom may see them, coordinators' judgements are kept, the writing
suggestions show published challenges only, the thesaurus is maintained in the platform,
and a need's demand is counted in a fixed number of queries."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from proeftuin.calls import services
from proeftuin.calls.matching import demand_for, index
from proeftuin.calls.matching import services as matching_services
from proeftuin.calls.models import (
    ClusterJudgement,
    MatchDocument,
    MatchState,
    Need,
    NeedSimilarity,
    ThesaurusConcept,
)

from ..conftest import client_for
from ..factories import MunicipalityFactory, OrganisationFactory
from .conftest import NeedFactory, SupportFactory

pytestmark = pytest.mark.django_db

TICKETS = [
    (
        "Kaartjes kopen buiten de openingsuren",
        "Mensen kunnen tickets voor onze voorstellingen enkel aan het onthaal kopen.",
    ),
    (
        "Inkom vooraf betalen met de gsm",
        "Bezoekers schuiven aan aan de kassa; we willen online kaartverkoop met een QR-code.",
    ),
    (
        "Online ticketing voor het cultuurcentrum",
        "Toegangsbewijzen en zitplaatsen voor concerten zelf online laten reserveren en betalen.",
    ),
]
ROOM = (
    "Zalen van de gemeente online reserveren",
    "Verenigingen bellen om een vergaderzaal of fuifzaal te huren; we willen een kalender.",
)
OTHERS = [
    ("Oude foto's laten beschrijven", "Inwoners zetten namen bij foto's uit het stadsarchief."),
    ("Vrijwilligers inplannen", "Shiften van vrijwilligers op ons zomerfestival plannen."),
    ("Boeken aan huis", "Senioren die niet meer tot in de bib geraken, krijgen boeken thuis."),
]


def _place(name: str, province: str = "Antwerpen") -> Any:
    municipality = MunicipalityFactory(name=name, province=province)
    return OrganisationFactory(name=f"Cultuurcentrum {name}", municipalities=[municipality])


def _need(title: str, problem: str, *, organisation: Any = None, **traits: Any) -> Need:
    return NeedFactory(
        title=title,
        problem=problem,
        target_groups="",
        current_handling="",
        citizen_value="",
        organisation=organisation or _place(title[:12]),
        **({"submitted": True} | traits),
    )


def _index(*needs: Need) -> None:
    for need in needs:
        index.index_need(need.pk)


@pytest.fixture
def corpus(db: None) -> dict[str, Any]:
    places = ["Lier", "Geel", "Ieper", "Mol", "Genk", "Halle", "Tielt"]
    provinces = ["Antwerpen", "Antwerpen", "West-Vlaanderen", "Antwerpen", "Limburg"]
    organisations = [_place(p, provinces[i % len(provinces)]) for i, p in enumerate(places)]
    tickets = [_need(t, x, organisation=organisations[i]) for i, (t, x) in enumerate(TICKETS)]
    room = _need(*ROOM, organisation=organisations[3])
    others = [_need(t, x, organisation=organisations[4 + i]) for i, (t, x) in enumerate(OTHERS)]
    _index(*tickets, room, *others)
    return {"tickets": tickets, "room": room, "others": others}


def _cluster_of(need: Need) -> set[int]:
    document = MatchDocument.objects.get(need=need)
    if document.cluster_id is None:
        return {need.pk}
    return set(
        MatchDocument.objects.filter(cluster_id=document.cluster_id).values_list(
            "need_id", flat=True
        )
    )


# The index follows the needs -------------------------------------------------------------


def test_it_indexes_a_need_when_it_is_submitted_and_drops_it_when_withdrawn(
    personas: Any, draft: Need, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_need(need=draft, by=personas.submitter)
    assert MatchDocument.objects.filter(need=draft).exists()
    assert MatchState.objects.get().documents == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_need(need=draft, by=personas.submitter)
    assert not MatchDocument.objects.filter(need=draft).exists()
    assert MatchState.objects.get().documents == 0


def test_drafts_are_not_indexed(draft: Need) -> None:
    assert index.index_need(draft.pk) is False
    assert not MatchDocument.objects.exists()


def test_it_finds_the_same_need_in_other_words_across_municipalities(corpus: Any) -> None:
    first, *mates = corpus["tickets"]
    ranked = list(
        NeedSimilarity.objects.filter(need=first)
        .order_by("-score")
        .values_list("other_id", flat=True)
    )
    assert set(ranked[:2]) == {m.pk for m in mates}
    assert corpus["room"].pk not in ranked[:2]


def test_the_tickets_form_a_cluster_without_the_room(corpus: Any) -> None:
    tickets = corpus["tickets"]
    assert _cluster_of(tickets[0]) == {n.pk for n in tickets}
    assert corpus["room"].pk not in _cluster_of(tickets[0])


def test_a_rebuild_gives_the_same_neighbours(corpus: Any) -> None:
    before = list(
        NeedSimilarity.objects.filter(need=corpus["tickets"][0])
        .order_by("-score")
        .values_list("other_id", flat=True)[:2]
    )
    assert index.rebuild() == 7
    after = list(
        NeedSimilarity.objects.filter(need=corpus["tickets"][0])
        .order_by("-score")
        .values_list("other_id", flat=True)[:2]
    )
    assert set(before) == set(after)
    assert _cluster_of(corpus["tickets"][0]) == {n.pk for n in corpus["tickets"]}


# Judgements ------------------------------------------------------------------------------


def test_a_coordinators_split_is_respected_after_reindexing(personas: Any, corpus: Any) -> None:
    a, b, c = corpus["tickets"]
    matching_services.split_cluster(part=[c.pk], rest=[a.pk, b.pk], by=personas.coordinator)
    assert c.pk not in _cluster_of(a)
    index.index_need(c.pk)
    index.index_need(a.pk)
    assert c.pk not in _cluster_of(a)
    assert _cluster_of(a) == {a.pk, b.pk}
    index.rebuild()
    assert c.pk not in _cluster_of(a)
    assert _cluster_of(a) == {a.pk, b.pk}


def test_a_confirmation_keeps_needs_together_after_a_rebuild(personas: Any, corpus: Any) -> None:
    photo, volunteers = corpus["others"][0], corpus["others"][1]
    matching_services.confirm_cluster(need_ids=[photo.pk, volunteers.pk], by=personas.coordinator)
    index.rebuild()
    assert _cluster_of(photo) == {photo.pk, volunteers.pk}


def test_only_coordinators_judge_clusters(personas: Any, corpus: Any) -> None:
    a, _b, _c = corpus["tickets"]
    url = reverse("calls:need_cluster", args=[a.pk])
    for user in (personas.submitter, personas.outsider, personas.reviewer):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {"action": "bevestigen"}).status_code == 404
    assert not ClusterJudgement.objects.exists()


def test_a_coordinator_confirms_and_splits_on_the_cluster_page(personas: Any, corpus: Any) -> None:
    a, _b, c = corpus["tickets"]
    client = client_for(personas.coordinator)
    url = reverse("calls:need_cluster", args=[a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert c.title in page.content.decode()
    client.post(url, {"action": "bevestigen", "note": "Zelfde nood"})
    assert ClusterJudgement.objects.get().kind == ClusterJudgement.Kind.CONFIRM
    response = client.post(url, {"action": "splitsen", "part": [c.pk]})
    assert response.status_code == 302
    assert c.pk not in _cluster_of(a)


def test_the_cluster_list_shows_the_programme_and_a_call(personas: Any, corpus: Any) -> None:
    client = client_for(personas.coordinator)
    response = client.get(reverse("calls:clusters"))
    assert response.status_code == 200
    assert corpus["tickets"][0].title in response.content.decode()
    call = corpus["tickets"][0].call
    response = client.get(reverse("calls:clusters"), {"oproep": call.slug})
    assert response.status_code == 200
    assert client_for(personas.outsider).get(reverse("calls:clusters")).status_code == 404


# Similar needs on the need page ----------------------------------------------------------


def test_a_coordinator_sees_the_similar_needs_with_their_status(personas: Any, corpus: Any) -> None:
    need = corpus["tickets"][0]
    response = client_for(personas.coordinator).get(
        reverse("calls:need_similar", args=[need.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert corpus["tickets"][1].title in body
    assert "ingediend" in body


def test_an_outsider_gets_404_for_the_similar_needs_of_a_need(personas: Any, corpus: Any) -> None:
    need = corpus["tickets"][0]
    url = reverse("calls:need_similar", args=[need.pk])
    assert client_for(personas.outsider).get(url).status_code == 404
    assert client_for(personas.other_member).get(url).status_code == 404


def test_a_submitter_sees_only_the_similar_needs_they_may_see(personas: Any, corpus: Any) -> None:
    own = _need(*TICKETS[0], organisation=personas.organisation)
    challenge = _need(*TICKETS[1], challenge=True)
    index.index_need(own.pk)
    index.index_need(challenge.pk)
    response = client_for(personas.submitter).get(reverse("calls:need_similar", args=[own.pk]))
    body = response.content.decode()
    assert challenge.title in body
    # The other submitted (not published) needs of other municipalities stay hidden.
    assert reverse("calls:need", args=[corpus["tickets"][2].pk]) not in body


# Suggestions while writing ---------------------------------------------------------------


def test_suggestions_show_published_challenges_only(personas: Any, draft: Need) -> None:
    published = _need(*TICKETS[1], challenge=True)
    other_draft = _need(*TICKETS[2], status=Need.Status.DRAFT, submitted_at=None)
    declined = _need(*TICKETS[0], status=Need.Status.DECLINED)
    unpublished = _need("Online kaartverkoop en tickets", TICKETS[2][1])
    _index(published, other_draft, declined, unpublished)
    response = client_for(personas.submitter).post(
        reverse("calls:need_suggestions"),
        {
            "title": "Tickets online verkopen",
            "problem": "Bezoekers kopen kaartjes voor voorstellingen aan de kassa; inkom "
            "zou vooraf online moeten kunnen.",
            "client_token": str(draft.client_token),
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert published.title in body
    assert reverse("calls:challenge", args=[published.pk]) + "#steunen" in body
    for hidden in (other_draft, declined, unpublished):
        assert hidden.title not in body


def test_a_withdrawn_challenge_is_no_longer_suggested(personas: Any) -> None:
    challenge = _need(*TICKETS[1], challenge=True)
    index.index_need(challenge.pk)
    Need.objects.filter(pk=challenge.pk).update(published_at=None)
    response = client_for(personas.submitter).post(
        reverse("calls:need_suggestions"),
        {"title": TICKETS[1][0], "problem": TICKETS[1][1]},
    )
    assert challenge.title not in response.content.decode()


def test_suggestions_are_empty_for_someone_signed_out(personas: Any) -> None:
    challenge = _need(*TICKETS[1], challenge=True)
    index.index_need(challenge.pk)
    response = client_for(personas.outsider).post(
        reverse("calls:need_suggestions"), {"title": TICKETS[1][0], "problem": TICKETS[1][1]}
    )
    assert challenge.title in response.content.decode()  # signed in: fine
    response = Client().post(
        reverse("calls:need_suggestions"), {"title": TICKETS[1][0], "problem": TICKETS[1][1]}
    )
    assert response.status_code == 200
    assert challenge.title not in response.content.decode()


def test_the_need_form_has_the_suggestions_region(personas: Any, draft: Need) -> None:
    body = client_for(personas.submitter).get(reverse("calls:need_edit", args=[draft.pk]))
    html = body.content.decode()
    assert "Bestaande noden die hierop lijken" in html
    assert 'aria-live="polite"' in html
    assert reverse("calls:need_suggestions") in html


# Demand ----------------------------------------------------------------------------------


def test_demand_counts_the_municipalities_of_the_cluster_and_its_supporters(
    corpus: Any,
) -> None:
    a, b, c = corpus["tickets"]
    supporter = _place("Brugge", "West-Vlaanderen")
    Need.objects.filter(pk=a.pk).update(status=Need.Status.RETAINED)
    SupportFactory(need=a, organisation=supporter)
    demand = demand_for([a, corpus["room"]])
    assert demand[a.pk].municipalities == 4  # Lier, Geel, Ieper + Brugge
    assert demand[a.pk].need_ids == {a.pk, b.pk, c.pk}
    assert demand[a.pk].province_count == 2
    assert demand[corpus["room"].pk].municipalities == 1


def test_demand_takes_a_fixed_number_of_queries(
    corpus: Any, django_assert_max_num_queries: Any
) -> None:
    needs = list(Need.objects.all())
    with django_assert_max_num_queries(5):
        demand_for(needs[:1])
    with django_assert_max_num_queries(5):
        demand_for(needs)


# The thesaurus ---------------------------------------------------------------------------


def test_coordinators_maintain_the_thesaurus_and_the_index_follows(
    personas: Any, corpus: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(personas.coordinator)
    assert client.get(reverse("calls:thesaurus")).status_code == 200
    version = MatchState.objects.get().thesaurus_version
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("calls:thesaurus_create"),
            {"key": "HOPPLUK", "label": "", "terms": "hop, hopplukkers, hoppeteelt", "weight": 1},
        )
    assert response.status_code == 302
    assert ThesaurusConcept.objects.filter(key="HOPPLUK").exists()
    state = MatchState.objects.get()
    assert state.thesaurus_version == version + 1
    assert state.indexed_version == state.thesaurus_version  # rebuilt by the task


def test_a_concept_needs_a_proper_code_and_terms(personas: Any) -> None:
    response = client_for(personas.coordinator).post(
        reverse("calls:thesaurus_create"), {"key": "met spaties", "terms": "", "weight": 1}
    )
    assert response.status_code == 400


def test_outsiders_get_404_on_the_thesaurus(personas: Any) -> None:
    concept = ThesaurusConcept.objects.first()
    assert concept is not None
    for user in (personas.submitter, personas.outsider):
        client = client_for(user)
        assert client.get(reverse("calls:thesaurus")).status_code == 404
        assert client.get(reverse("calls:thesaurus_edit", args=[concept.pk])).status_code == 404
        url = reverse("calls:thesaurus_delete", args=[concept.pk])
        assert client.post(url).status_code == 404
    assert ThesaurusConcept.objects.filter(pk=concept.pk).exists()


def test_the_shipped_thesaurus_is_loaded_by_the_migration() -> None:
    assert ThesaurusConcept.objects.count() >= 200
    assert ThesaurusConcept.objects.filter(key="TICKETING").exists()


def test_the_cluster_list_query_count_does_not_grow(
    personas: Any, corpus: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(personas.coordinator)
    client.get(reverse("calls:clusters"))  # warm the session
    with django_assert_max_num_queries(12):
        client.get(reverse("calls:clusters"))
    for i in range(3):
        _index(*[_need(t, x) for t, x in OTHERS], _need(f"{TICKETS[0][0]} {i}", TICKETS[0][1]))
    with django_assert_max_num_queries(12):
        client.get(reverse("calls:clusters"))


def test_a_large_rebuild_spreads_its_work_over_processes() -> None:
    chunks = [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4]]
    assert sorted(index._parallel(len, chunks)) == [1, 2, 3, 4]
