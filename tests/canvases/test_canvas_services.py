"""The team fills in a value proposition canvas per customer segment: items ranked within
their kind, relievers and creators linked to the pains and gains they address, items linked
to the hypotheses that say they are assumptions; the fit follows."""

import pytest

from proeftuin.canvases import history, services
from proeftuin.canvases.compute import fit
from proeftuin.canvases.models import CanvasItem
from proeftuin.core.errors import DomainError
from proeftuin.core.models import ActivityLog
from proeftuin.projects.models import Project

from .conftest import CanvasFactory, HypothesisFactory, ItemFactory, ProjectFactory

pytestmark = pytest.mark.django_db

Kind = CanvasItem.Kind


def ranks(canvas, kind):
    return list(canvas.items.filter(kind=kind).order_by("rank").values_list("text", "rank"))


def test_it_computes_the_fit_of_the_team_canvas(canvas):
    result = fit(history.items_of(canvas))

    assert [i.text for i in result.considered] == [
        "je moet tijdens de kantooruren bellen",
        "je weet niet of de zaal vrij is",
        "meteen zekerheid",
    ]
    assert [i.text for i in result.not_addressed] == [
        "je weet niet of de zaal vrij is",
        "meteen zekerheid",
    ]
    assert result.percent == 33


def test_it_makes_one_canvas_per_segment(personas, project):
    tom = personas.team_member
    services.create_canvas(project=project, segment="  ouders met   jonge kinderen ", by=tom)
    second = services.create_canvas(
        project=project, segment="bezoekers van het cultuurcentrum", by=tom
    )

    assert list(project.canvases.values_list("segment", "position")) == [
        ("ouders met jonge kinderen", 1),
        ("bezoekers van het cultuurcentrum", 2),
    ]
    with pytest.raises(DomainError, match="al een canvas voor dat klantsegment"):
        services.create_canvas(project=project, segment="Ouders met jonge kinderen", by=tom)
    with pytest.raises(DomainError, match="al een canvas"):
        services.rename_canvas(canvas=second, segment="OUDERS MET JONGE KINDEREN", by=tom)
    with pytest.raises(DomainError, match="klantsegment"):
        services.create_canvas(project=project, segment="   ", by=tom)


def test_it_adds_items_at_the_bottom_of_their_kind(personas, canvas):
    services.add_item(
        canvas=canvas, kind="pain", text="de zaal is te duur", by=personas.team_member
    )

    assert ranks(canvas, "pain") == [
        ("je moet tijdens de kantooruren bellen", 1),
        ("je weet niet of de zaal vrij is", 2),
        ("de zaal is te duur", 3),
    ]
    assert ranks(canvas, "gain") == [("meteen zekerheid", 1)]


def test_it_moves_an_item_up_and_down_but_not_past_either_end(personas, canvas):
    tom = personas.team_member
    third = services.add_item(canvas=canvas, kind="pain", text="de zaal is te duur", by=tom)

    assert services.move_item(item=third, direction="up", by=tom)
    assert third.rank == 2
    assert ranks(canvas, "pain")[1] == ("de zaal is te duur", 2)
    assert services.move_item(item=third, direction="up", by=tom)
    assert not services.move_item(item=third, direction="up", by=tom)
    assert not services.move_item(item=third, direction="sideways", by=tom)
    assert [t for t, _ in ranks(canvas, "pain")] == [
        "de zaal is te duur",
        "je moet tijdens de kantooruren bellen",
        "je weet niet of de zaal vrij is",
    ]
    last = canvas.items.get(text="je weet niet of de zaal vrij is")
    assert not services.move_item(item=last, direction="down", by=tom)


def test_moving_an_item_changes_the_fit(personas, canvas):
    tom = personas.team_member
    for text in ("de zaal is te duur", "geen parking"):
        services.add_item(canvas=canvas, kind="pain", text=text, by=tom)
    addressed = canvas.items.get(text="je moet tijdens de kantooruren bellen")
    services.move_item(item=addressed, direction="down", by=tom)
    services.move_item(item=addressed, direction="down", by=tom)
    assert fit(history.items_of(canvas)).percent == 25  # 1 of the top 3 pains and the 1 gain
    services.move_item(item=addressed, direction="down", by=tom)

    assert fit(history.items_of(canvas)).percent == 0


def test_removing_an_item_closes_the_gap(personas, canvas):
    tom = personas.team_member
    services.add_item(canvas=canvas, kind="pain", text="de zaal is te duur", by=tom)
    services.remove_item(item=canvas.items.get(rank=1, kind="pain"), by=tom)

    assert ranks(canvas, "pain") == [
        ("je weet niet of de zaal vrij is", 1),
        ("de zaal is te duur", 2),
    ]


def test_a_pain_reliever_addresses_pains_and_a_gain_creator_gains_of_its_own_canvas(
    personas, canvas
):
    tom = personas.team_member
    reliever = canvas.items.get(kind="pain_reliever")
    gain = canvas.items.get(kind="gain")
    creator = services.add_item(
        canvas=canvas, kind="gain_creator", text="bevestiging per mail", by=tom
    )
    other_pain = ItemFactory(canvas=CanvasFactory(project=canvas.project), kind="pain")

    with pytest.raises(
        DomainError, match="pijnverzachter speelt in op pijnen van hetzelfde canvas"
    ):
        services.link_item(item=reliever, addresses=[gain], hypotheses=[], by=tom)
    with pytest.raises(
        DomainError, match="pijnverzachter speelt in op pijnen van hetzelfde canvas"
    ):
        services.link_item(item=reliever, addresses=[other_pain], hypotheses=[], by=tom)
    with pytest.raises(DomainError, match="winstmaker speelt in op winsten"):
        services.link_item(
            item=creator,
            addresses=[canvas.items.filter(kind="pain").first()],
            hypotheses=[],
            by=tom,
        )
    with pytest.raises(DomainError, match="Alleen pijnverzachters en winstmakers"):
        services.link_item(
            item=canvas.items.get(kind="job"), addresses=[gain], hypotheses=[], by=tom
        )

    services.link_item(item=creator, addresses=[gain], hypotheses=[], by=tom)
    assert list(gain.addressed_by.all()) == [creator]
    assert fit(history.items_of(canvas)).percent == 67


def test_an_item_points_at_the_hypotheses_that_say_it_is_an_assumption(personas, canvas):
    tom = personas.team_member
    gain = canvas.items.get(kind="gain")
    hypothesis = HypothesisFactory(
        project=canvas.project, statement="ouders willen meteen zekerheid"
    )
    elsewhere = HypothesisFactory(project=ProjectFactory())

    services.link_item(item=gain, addresses=[], hypotheses=[hypothesis], by=tom)

    assert list(hypothesis.canvas_items.all()) == [gain]
    assert history.item_of(gain).assumptions == ("ouders willen meteen zekerheid",)
    with pytest.raises(DomainError, match="hoort bij een ander project"):
        services.link_item(item=gain, addresses=[], hypotheses=[elsewhere], by=tom)


def test_a_job_says_what_kind_of_job_it_is(personas, canvas):
    tom = personas.team_member
    with pytest.raises(DomainError, match="functionele, een sociale of een emotionele taak"):
        services.add_item(
            canvas=canvas, kind="job", text="indruk maken op de schoonfamilie", by=tom
        )
    job = services.add_item(
        canvas=canvas,
        kind="job",
        text="indruk maken op de schoonfamilie",
        job_type="social",
        by=tom,
    )
    pain = services.add_item(canvas=canvas, kind="pain", text="stress", job_type="social", by=tom)

    assert job.job_type == "social"
    assert pain.job_type == ""
    services.change_item(item=job, text="indruk maken", job_type="emotional", by=tom)
    job.refresh_from_db()
    assert (job.text, job.job_type) == ("indruk maken", "emotional")


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("pain", "   ", "Schrijf iets op."),
        ("pain", "x" * 301, "hoogstens 300 tekens"),
        ("wish", "een wens", "Onbekende soort element."),
    ],
)
def test_it_refuses_an_empty_or_long_text_and_an_unknown_kind(
    personas, canvas, kind, text, message
):
    with pytest.raises(DomainError, match=message):
        services.add_item(canvas=canvas, kind=kind, text=text, by=personas.team_member)


def test_only_the_team_and_coordinators_work_on_a_canvas_while_the_project_runs(personas, canvas):
    for outsider in (personas.outsider, personas.other_member, personas.org_admin):
        with pytest.raises(DomainError, match="Alleen het projectteam"):
            services.add_item(canvas=canvas, kind="pain", text="x", by=outsider)
    services.add_item(
        canvas=canvas, kind="pain", text="van de coördinator", by=personas.coordinator
    )

    Project.objects.filter(pk=canvas.project_id).update(outcome=Project.Outcome.STOPPED)
    canvas.project.refresh_from_db()
    with pytest.raises(DomainError, match="afgesloten"):
        services.add_item(canvas=canvas, kind="pain", text="x", by=personas.team_member)


def test_every_change_is_logged_on_the_project(personas, canvas):
    tom = personas.team_member
    item = services.add_item(canvas=canvas, kind="gain", text="korting", by=tom)
    services.move_item(item=item, direction="up", by=tom)
    services.remove_item(item=item, by=tom)
    services.save_canvas_version(canvas=canvas, label="voor de gate", by=tom)
    services.delete_canvas(canvas=canvas, by=tom)

    actions = list(
        ActivityLog.objects.for_object(canvas.project)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert [a for a in actions if a.startswith("canvas.")] == [
        "canvas.created",
        "canvas.item_added",
        "canvas.item_added",
        "canvas.item_added",
        "canvas.item_added",
        "canvas.item_added",
        "canvas.item_linked",
        "canvas.item_added",
        "canvas.item_moved",
        "canvas.item_removed",
        "canvas.version_saved",
        "canvas.deleted",
    ]
    assert all(
        entry.actor == tom for entry in ActivityLog.objects.filter(action__startswith="canvas.")
    )
