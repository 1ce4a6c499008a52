"""Demo: an edition of the digest ready for a coordinator to preview, over the two weeks
in which the other demos published their challenges, projects and lessons. Runs after every
other demo (stage 3). Loading twice changes nothing."""

from . import services
from .models import Edition


def load() -> None:
    if not Edition.objects.exists():
        services.prepare_edition()
