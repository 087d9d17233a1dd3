"""Read-only admin for learning: look things up here, act at the desk (the services audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lastmile.learning.models import (
    Assignment,
    Course,
    CourseItem,
    Digest,
    QuizAttempt,
    StudyRecord,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ItemInline(admin.TabularInline):
    model = CourseItem
    extra = 0
    fields = ("position", "kind", "title", "expected_minutes")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Course)
class CourseAdmin(ReadOnly):
    list_display = ("title", "status", "area", "completion", "pass_mark", "created_at")
    list_filter = ("status", "completion")
    search_fields = ("title",)
    list_select_related = ("area",)
    inlines = [ItemInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ("course", "audience", "area", "due", "created_at")
    list_filter = ("audience",)
    list_select_related = ("course", "area")


@admin.register(StudyRecord)
class StudyRecordAdmin(ReadOnly):
    list_display = ("person", "item", "seconds", "completed_at", "last_beat_at")
    list_select_related = ("person", "item")
    search_fields = ("item__title",)
    show_full_result_count = False


@admin.register(QuizAttempt)
class QuizAttemptAdmin(ReadOnly):
    list_display = ("person", "course", "number", "score", "passed", "submitted_at")
    list_filter = ("passed",)
    list_select_related = ("person", "course")


@admin.register(Digest)
class DigestAdmin(ReadOnly):
    list_display = ("person", "period_key", "frequency", "is_empty", "until")
    list_filter = ("frequency", "is_empty")
    list_select_related = ("person",)
    show_full_result_count = False
