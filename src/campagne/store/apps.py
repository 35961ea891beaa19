from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "campagne.store"
    label = "store"
    verbose_name = "Campagne budgétaire : données"
    default_auto_field = "django.db.models.BigAutoField"
