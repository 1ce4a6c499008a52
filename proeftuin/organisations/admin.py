from django.contrib import admin

from .models import Membership, Municipality, Organisation


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "province", "region"]
    list_filter = ["region", "province"]
    search_fields = ["name", "nis_code", "postal_codes"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organisation"
    extra = 0
    raw_id_fields = ["user", "decided_by"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "municipalities__name"]
    filter_horizontal = ["municipalities"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "requested_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["user", "organisation", "decided_by"]
