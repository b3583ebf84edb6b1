from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "xiaoneng.complaints"
    label = "complaints"
    verbose_name = "效能投诉"

    def ready(self) -> None:
        # Substantiated complaints and the cards on complaints count in the
        # department's efficiency score (domain rules §3, §5).
        from xiaoneng.complaints.models import CardColour
        from xiaoneng.complaints.selectors import cards_by_unit, substantiated_by_unit
        from xiaoneng.scores.periods import Period
        from xiaoneng.scores.sources import SourceValue, register_metric_source

        def substantiated(period: Period, level: str) -> dict[int, SourceValue]:
            return dict(substantiated_by_unit(period, level))

        def yellow(period: Period, level: str) -> dict[int, SourceValue]:
            return dict(cards_by_unit(CardColour.YELLOW, period, level))

        def red(period: Period, level: str) -> dict[int, SourceValue]:
            return dict(cards_by_unit(CardColour.RED, period, level))

        register_metric_source("complaints", substantiated)
        register_metric_source("other_yellow_cards", yellow)
        register_metric_source("other_red_cards", red)
