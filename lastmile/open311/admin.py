from django.contrib import admin

from lastmile.open311.models import ServiceAttribute, ServiceFlags


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    list_display = ("category", "order", "code", "datatype", "required", "variable", "description")
    list_filter = ("datatype", "required")
    search_fields = ("code", "description", "category__name", "category__code")
    autocomplete_fields = ("category",)
    ordering = ("category__code", "order", "code")


@admin.register(ServiceFlags)
class ServiceFlagsAdmin(admin.ModelAdmin):
    list_display = ("category", "is_batch", "notice")
    list_filter = ("is_batch",)
    search_fields = ("category__name", "category__code")
    autocomplete_fields = ("category",)
