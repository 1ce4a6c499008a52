"""The programme in numbers: the home page's figures (counts only, never an object)."""

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Router, Schema

from proeftuin.knowledge.home import figures

router = Router(tags=["cijfers"])


class FiguresOut(Schema):
    calls: int
    needs: int
    municipalities: int
    projects: int
    validated_hypotheses: int
    lessons: int
    services: int


@router.get("/figures", response=FiguresOut, summary="Het programma in cijfers")
def figures_view(request: HttpRequest) -> dict[str, int]:
    return asdict(figures())
