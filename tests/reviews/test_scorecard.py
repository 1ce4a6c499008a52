"""A reviewer scores an assigned need on every criterion of the call (1-5, with what 1, 3
and 5 mean beside the scale), comments, saves a draft and submits; only then do they see
the other reviewers' scores."""

import pytest
from django.urls import reverse
from django.utils import timezone

from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog
from proeftuin.reviews import services
from proeftuin.reviews.models import Review, Score

from ..conftest import client_for
from .conftest import NeedFactory, ReviewFactory, score_all

pytestmark = pytest.mark.django_db


def criteria(review):
    return list(review.need.call.criteria.all())


def form(review, values, *, comments=None, remark="", button="bewaren"):
    data = {"remark": remark, button: ""}
    for i, criterion in enumerate(criteria(review)):
        value = values[i] if i < len(values) else None
        if value is not None:
            data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = (comments or {}).get(i, "")
    return data


def url(review):
    return reverse("reviews:scorecard", args=[review.pk])


def test_it_shows_the_need_and_the_scale_with_what_1_3_and_5_mean(personas, review):
    response = client_for(personas.reviewer).get(url(review))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nieuwkomers vinden de weg niet naar onze bib" in page
    assert "Relevantie voor de burger" in page
    assert "gewicht 3" in page
    for meaning in ("Weinig meerwaarde voor inwoners", "Grote meerwaarde voor veel inwoners"):
        assert meaning in page
    assert page.count('type="radio"') == 3 * 5


def test_it_saves_a_draft_with_part_of_the_scores(personas, review):
    response = client_for(personas.reviewer).post(
        url(review),
        form(review, [4], comments={0: "Leeft bij veel inwoners."}, remark="Eerste indruk"),
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.submitted_at is None
    assert review.remark == "Eerste indruk"
    assert list(review.scores.values_list("value", "comment")) == [(4, "Leeft bij veel inwoners.")]
    page = client_for(personas.reviewer).get(url(review)).content.decode()
    assert "Leeft bij veel inwoners." in page
    assert "checked" in page


def test_it_changes_and_clears_a_draft_score(personas, review):
    client = client_for(personas.reviewer)
    client.post(url(review), form(review, [4, 2]))
    client.post(url(review), form(review, [5]))

    assert list(review.scores.values_list("value", flat=True)) == [5]


def test_it_submits_only_with_a_score_on_every_criterion(personas, review):
    client = client_for(personas.reviewer)

    refused = client.post(url(review), form(review, [4, 3], button="indienen"))
    assert refused.status_code == 400
    assert "Geef een score op elk criterium" in refused.content.decode()
    review.refresh_from_db()
    assert review.submitted_at is None

    done = client.post(url(review), form(review, [4, 3, 2], button="indienen"), follow=True)
    assert "Je beoordeling is ingediend." in done.content.decode()
    review.refresh_from_db()
    assert review.is_submitted
    assert ActivityLog.objects.for_object(review.need).filter(action="review.submitted").exists()


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "drie", ""])
def test_it_refuses_values_outside_1_to_5(personas, review, value):
    data = form(review, [4, 3, 2], button="indienen")
    data[f"score_{criteria(review)[0].pk}"] = value

    response = client_for(personas.reviewer).post(url(review), data)

    assert response.status_code == 400
    review.refresh_from_db()
    assert not review.is_submitted
    assert not review.scores.exists()


@pytest.mark.parametrize("value", [0, 6, 100])
def test_its_service_refuses_values_outside_1_to_5(personas, review, value):
    first, *_ = criteria(review)
    with pytest.raises(DomainError, match="tussen 1 en 5"):
        services.save_scorecard(
            review=review,
            scores={first.pk: (value, "")},
            remark="",
            submit=False,
            by=personas.reviewer,
        )
    assert not Score.objects.exists()


def test_its_service_refuses_a_criterion_of_another_call(personas, review):
    other = ReviewFactory(reviewer=personas.expert)
    foreign = other.need.call.criteria.first()

    with pytest.raises(DomainError, match="Onbekend criterium"):
        services.save_scorecard(
            review=review,
            scores={foreign.pk: (3, "")},
            remark="",
            submit=False,
            by=personas.reviewer,
        )


def test_it_keeps_a_submitted_scorecard_as_it_is(personas, review):
    score_all(review, [4, 4, 4])
    client = client_for(personas.reviewer)

    response = client.post(
        url(review), form(review, [1, 1, 1], remark="Toch niet", button="indienen"), follow=True
    )

    assert "Deze beoordeling is al ingediend." in response.content.decode()
    review.refresh_from_db()
    assert review.remark == ""
    assert list(review.scores.values_list("value", flat=True)) == [4, 4, 4]
    with pytest.raises(DomainError, match="al ingediend"):
        services.save_scorecard(
            review=review,
            scores={c.pk: (1, "") for c in criteria(review)},
            remark="",
            submit=True,
            by=personas.reviewer,
        )
    # What was submitted is shown as it is, no longer as a form.
    page = client.get(url(review)).content.decode()
    assert "Je diende deze beoordeling in op" in page
    assert "Jouw scores" in page
    assert "Ontwerp bewaren" not in page
    assert 'type="radio"' not in page


def test_it_shows_the_reviewer_their_own_comments_after_submitting(personas, review):
    client = client_for(personas.reviewer)
    client.post(
        url(review),
        form(
            review,
            [5, 4, 3],
            comments={1: "Snel te testen in de bib."},
            remark="Graag!",
            button="indienen",
        ),
    )

    page = client.get(url(review)).content.decode()

    assert "Snel te testen in de bib." in page
    assert "Graag!" in page


def test_it_tells_which_criterion_has_a_wrong_score(personas, review):
    data = form(review, [4, 3, 2], button="indienen")
    data[f"score_{criteria(review)[1].pk}"] = "9"

    response = client_for(personas.reviewer).post(url(review), data)

    page = response.content.decode()
    assert response.status_code == 400
    haalbaarheid = page.split("Haalbaarheid binnen een proeftuin", 1)[1].split("</fieldset>", 1)[0]
    assert 'role="alert"' in haalbaarheid


def test_it_saves_nothing_from_a_post_without_the_forms_buttons(personas, review):
    score_all(review, [4, 4, 4], submitted=False)

    response = client_for(personas.reviewer).post(url(review), {})

    assert response.status_code == 400
    assert review.scores.count() == 3


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"score_abc": "3"},
        {"score_999999": "3", "indienen": ""},
        {"remark": "x" * 10, "comment_1": "y" * 5000, "indienen": ""},
        {"remark": ["a", "b"]},
    ],
)
def test_it_answers_bad_post_data_with_400_or_a_normal_page_never_500(personas, review, data):
    response = client_for(personas.reviewer).post(url(review), data)

    assert response.status_code in (200, 302, 400)
    review.refresh_from_db()
    assert not review.is_submitted


def test_it_refuses_someone_elses_scorecard_with_404(personas, review):
    for who in ("expert", "submitter", "outsider", "other_member"):
        client = client_for(getattr(personas, who))
        assert client.get(url(review)).status_code == 404
        assert (
            client.post(url(review), form(review, [5, 5, 5], button="indienen")).status_code == 404
        )
    with pytest.raises(DomainError, match="niet jouw beoordeling"):
        services.save_scorecard(
            review=review, scores={}, remark="", submit=False, by=personas.expert
        )
    review.refresh_from_db()
    assert not review.is_submitted and not review.scores.exists()


def test_it_refuses_an_unassigned_need_with_404(personas, review, call):
    unassigned = NeedFactory(call=call, organisation=personas.organisation, retained=True)
    colleague = ReviewFactory(need=unassigned, reviewer=personas.expert)
    client = client_for(personas.reviewer)

    assert client.get(url(colleague)).status_code == 404
    assert client.get(reverse("calls:need", args=[unassigned.pk])).status_code == 404
    assert unassigned.title not in client.get(reverse("reviews:mine")).content.decode()


def test_it_sends_anonymous_visitors_to_sign_in(client, review):
    for path in (reverse("reviews:mine"), url(review)):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_it_hides_the_other_reviewers_scores_until_ones_own_is_submitted(personas, review, jury):
    other = ReviewFactory(need=review.need, reviewer=personas.expert)
    score_all(other, [2, 2, 2])
    other.remark = "Eva vindt dit zwak onderbouwd."
    other.save()
    client = client_for(personas.reviewer)

    before = client.get(url(review)).content.decode()
    assert "Eva Expert" not in before
    assert "Eva vindt dit zwak onderbouwd." not in before

    client.post(url(review), form(review, [5, 4, 4], button="indienen"))

    after = client.get(url(review)).content.decode()
    assert "Scores van de andere juryleden" in after
    assert "Eva Expert" in after
    assert "Eva vindt dit zwak onderbouwd." in after


def test_it_never_shows_an_unsubmitted_or_conflicted_colleagues_scores(personas, review, jury):
    draft = ReviewFactory(need=review.need, reviewer=personas.expert)
    score_all(draft, [1, 1, 1], submitted=False)
    draft.remark = "Nog een ontwerp van Eva."
    draft.save()
    score_all(review, [5, 4, 4])

    page = client_for(personas.reviewer).get(url(review)).content.decode()

    assert "Nog een ontwerp van Eva." not in page
    assert "Nog geen andere ingediende beoordelingen." in page


def test_it_shows_no_scorecard_after_a_declared_conflict(personas, review):
    services.declare_conflict(review=review, reason="Ik werkte er vroeger.", by=personas.reviewer)
    client = client_for(personas.reviewer)

    page = client.get(url(review)).content.decode()
    client.post(url(review), form(review, [5, 5, 5], button="indienen"))

    assert "Je meldde een belangenconflict" in page
    assert 'type="radio"' not in page
    review.refresh_from_db()
    assert not review.is_submitted and not review.scores.exists()


def test_it_lists_the_reviewers_assignments_with_deadlines(personas, review, call):
    done = ReviewFactory(
        need=NeedFactory(
            call=call, organisation=personas.organisation, retained=True, title="Al gedaan"
        ),
        reviewer=personas.reviewer,
    )
    score_all(done, [3, 3, 3])
    ReviewFactory(reviewer=personas.expert, need__title="Niet van Rik")

    response = client_for(personas.reviewer).get(reverse("reviews:mine"))

    page = response.content.decode()
    assert response.status_code == 200
    assert review.need.title in page and "Al gedaan" in page
    assert "Niet van Rik" not in page
    assert timezone.localtime(review.deadline).strftime("%Y") in page
    assert "te beoordelen" in page and "ingediend" in page


def test_it_keeps_a_draft_when_two_tabs_save_at_once(personas, review):
    """Saving twice in a row (two tabs) updates the same rows, never a second score."""
    client = client_for(personas.reviewer)
    client.post(url(review), form(review, [3, 3]))
    client.post(url(review), form(review, [4, 3]))

    assert Score.objects.filter(review=review).count() == 2
    assert Review.objects.get(pk=review.pk).scores.get(criterion=criteria(review)[0]).value == 4


def test_it_lists_open_scorecards_before_submitted_ones(personas, review, call):
    """Open first on every database (SQLite sorts NULL first, PostgreSQL last)."""
    done = ReviewFactory(
        need=NeedFactory(
            call=call, organisation=personas.organisation, retained=True, title="Klaar"
        ),
        reviewer=personas.reviewer,
        deadline=review.deadline - timezone.timedelta(days=3),
    )
    score_all(done, [3, 3, 3])

    page = client_for(personas.reviewer).get(reverse("reviews:mine")).content.decode()

    assert page.index(review.need.title) < page.index("Klaar")
