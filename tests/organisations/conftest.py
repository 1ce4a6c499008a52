from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from proeftuin.core.registry import register_handover, registry


@dataclass
class HandoverCall:
    organisation: Any
    from_user: Any
    to_user: Any
    by: Any


@pytest.fixture
def handover_hook() -> Iterator[list[HandoverCall]]:
    """A fake app's handover hook: records each call and reports two things handed over."""
    calls: list[HandoverCall] = []

    def hand_over(*, organisation: Any, from_user: Any, to_user: Any, by: Any) -> int:
        calls.append(HandoverCall(organisation, from_user, to_user, by))
        return 2

    register_handover(hand_over)
    yield calls
    registry.handover.remove(hand_over)
