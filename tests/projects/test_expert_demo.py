"""The demo's expert pool: thirty people, internal and external, with mixed load, some in
the demo projects' teams, one invitation still open, loaded once however often it runs."""

import pytest
from django.core.management import call_command

from proeftuin.projects import experts
from proeftuin.projects.models import ExpertProfile, Membership

from ..calls.conftest import media  # noqa: F401 - the demo's agreements go to a temporary folder

pytestmark = pytest.mark.django_db


def test_it_loads_a_pool_with_mixed_expertise_and_load(media):  # noqa: F811
    call_command("load_demo", verbosity=0)

    profiles = ExpertProfile.objects.all()
    assert profiles.count() == 30
    assert {p.kind for p in profiles} == {"intern", "extern"}
    eva = profiles.get(user__email="expert@demo.proeftuin.be")
    assert eva.is_external and eva.day_rate_cents == 72_000

    months = experts.coming_months()
    pool = list(experts.pool(months))
    free = [experts.free_hours_of(e) for e in pool]
    assert any(f <= 0 for f in free), "somebody is fully booked"
    assert any(0 < f < e.hours_per_month for f, e in zip(free, pool, strict=True))
    assert sum(f == e.hours_per_month for f, e in zip(free, pool, strict=True)) >= 10
    assert experts.loads_of(next(e for e in pool if e.pk == eva.pk), months)[0] > 0

    committed = Membership.objects.filter(hours_per_month__gt=0)
    assert committed.filter(accepted_at__isnull=False).exclude(user=eva.user).exists()
    assert committed.filter(accepted_at__isnull=True).count() == 1

    call_command("load_demo", verbosity=0)
    assert ExpertProfile.objects.count() == 30
