from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lastmile.api"
    label = "api"
    verbose_name = "API"
