from django.apps import AppConfig


class EnrichmentConfig(AppConfig):
    name = "morgue.enrichment"
    label = "enrichment"
    verbose_name = "Enrichment"

    def ready(self) -> None:
        from morgue.archive.export import register_fields

        from .export import EXPORT_FIELDS

        # the export's people, places, quotes and topics come from here
        register_fields(EXPORT_FIELDS)
