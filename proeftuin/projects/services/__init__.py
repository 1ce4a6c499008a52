"""Every change of state in a project, one function each (see the modules per part)."""

from .collaboration import (
    approve_publication,
    decline_publication,
    mention_handle,
    mentionable,
    post_comment,
    request_publication,
    set_name_public,
    upload_document,
)
from .lean import (
    TEST_CARD_FIELDS,
    complete_experiment,
    plan_experiment,
    record_gate_decision,
    refresh_hypothesis,
    save_method,
    start_experiment,
    update_experiment,
    update_project_profile,
    write_hypothesis,
)
from .team import (
    accept_invitation,
    add_team_member,
    add_test_site,
    create_project,
    remove_team_member,
    remove_test_site,
)

__all__ = [
    "TEST_CARD_FIELDS",
    "accept_invitation",
    "add_team_member",
    "add_test_site",
    "approve_publication",
    "complete_experiment",
    "create_project",
    "decline_publication",
    "mention_handle",
    "mentionable",
    "plan_experiment",
    "post_comment",
    "record_gate_decision",
    "refresh_hypothesis",
    "remove_team_member",
    "remove_test_site",
    "request_publication",
    "save_method",
    "set_name_public",
    "start_experiment",
    "update_experiment",
    "update_project_profile",
    "upload_document",
    "write_hypothesis",
]
