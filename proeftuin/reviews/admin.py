from django.contrib import admin

from .models import Decision, Review, ReviewerRole, Score


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["need", "reviewer", "deadline", "submitted_at", "conflict_declared_at"]
    raw_id_fields = ["need", "reviewer", "assigned_by"]
    inlines = [ScoreInline]


admin.site.register([ReviewerRole, Decision])
