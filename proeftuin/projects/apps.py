from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "proeftuin.projects"
    label = "projects"
    verbose_name = _("Proefprojecten")

    def ready(self) -> None:
        from proeftuin.core.follows import register_followable
        from proeftuin.core.registry import (
            NotificationKind,
            PersonalData,
            register_demo,
            register_mine,
            register_notification_kind,
            register_personal_data,
        )

        from . import budget_demo, demo, demo_experts, mine, search
        from .models import Project

        register_notification_kind(
            NotificationKind("projects.team", _("Je wordt aan een projectteam toegevoegd"))
        )
        register_notification_kind(
            NotificationKind("projects.gate", _("Een beslismoment in je project"))
        )
        register_notification_kind(
            NotificationKind(
                "projects.invitation_answer", _("Een expert weigert je uitnodiging voor een team")
            )
        )
        register_notification_kind(
            NotificationKind("projects.mention", _("Iemand noemt je in een projectgesprek"))
        )
        register_notification_kind(
            NotificationKind("projects.publication", _("Nieuws over de publicatie van je project"))
        )
        register_notification_kind(
            NotificationKind(
                "projects.budget", _("Een project passeert 80 % of 100 % van zijn budget")
            )
        )
        register_mine(mine.items_for)
        register_followable(Project, Project.objects.published)
        search.register()
        # After the reviews' demo (stage 0), which creates the projects this one fills in;
        # budgets first, while every project still runs (see budget_demo).
        register_demo(budget_demo.load, stage=1)
        register_demo(demo.load, stage=1)
        # The expert pool after the projects' demo, whose teams it adds hours and experts to,
        # and after the scaling demo (stage 2) closed the projects it evaluates: only running
        # projects take on new experts.
        register_demo(demo_experts.load, stage=3)
        register_demo(budget_demo.load_warning, stage=3)
        register_personal_data(
            PersonalData(
                key="project_teams", export=mine.export_memberships, erase=mine.erase_memberships
            )
        )
        register_personal_data(
            PersonalData(
                key="expert_profile",
                export=mine.export_expert_profile,
                erase=mine.erase_expert_profile,
            )
        )
        # Messages and shared documents are contributions: they stay when the person's
        # account is erased (attributed to "verwijderde gebruiker"), so there is no eraser.
        register_personal_data(
            PersonalData(key="project_contributions", export=mine.export_contributions)
        )
