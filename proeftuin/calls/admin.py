from django.contrib import admin

from .models import Attachment, Call, CoSubmitter, Criterion, Need, ReviewDate, Support


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class ReviewDateInline(admin.TabularInline):
    model = ReviewDate
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "is_rolling", "published_at", "decided_at"]
    inlines = [CriterionInline, ReviewDateInline]
    search_fields = ["title"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "submitted_by", "merged_into", "call", "review_round"]


admin.site.register([Attachment, CoSubmitter, Support])
