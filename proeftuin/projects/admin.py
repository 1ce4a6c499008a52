from django.contrib import admin

from .models import ExpertProfile, Membership, Project, TestSite


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user", "invited_by"]


class TestSiteInline(admin.TabularInline):
    model = TestSite
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "phase", "created_at"]
    list_filter = ["phase"]
    search_fields = ["title"]
    raw_id_fields = ["need", "created_by"]
    inlines = [MembershipInline, TestSiteInline]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "organisation", "hours_per_month"]
    list_filter = ["kind"]
    search_fields = ["user__name", "user__email", "organisation"]
    raw_id_fields = ["user"]
    filter_horizontal = ["themes", "concepts"]
