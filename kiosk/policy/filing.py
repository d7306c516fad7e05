"""The filing counter (rule 10): people with a stored face template against the filing
threshold (100,000 under the 2025 CAC Measures; 10,000 under the 2023 draft), with a
warning from ``filing_warn_fraction`` (80 %) of it."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import Settings

OK, WARNING, REACHED = "ok", "warning", "reached"


@dataclass(frozen=True)
class FilingStatus:
    people_with_templates: int
    threshold: int
    warn_at: int
    level: str  # ok | warning | reached

    @property
    def fraction(self) -> float:
        return self.people_with_templates / self.threshold

    @property
    def message(self) -> str:
        n, t = self.people_with_templates, self.threshold
        if self.level == REACHED:
            return f"{n} people have a face template: the filing threshold of {t} is reached. File with the regulator now."
        if self.level == WARNING:
            return f"{n} people have a face template, {self.fraction:.0%} of the filing threshold of {t}. Prepare the filing."
        return f"{n} people have a face template ({self.fraction:.1%} of the filing threshold of {t})."


def filing_status_for(count: int, settings: Settings) -> FilingStatus:
    threshold = max(1, settings.filing_threshold)
    warn_at = max(1, int(threshold * settings.filing_warn_fraction + 0.999999))
    level = REACHED if count >= threshold else WARNING if count >= warn_at else OK
    return FilingStatus(count, threshold, warn_at, level)


def filing_status(store, settings: Settings) -> FilingStatus:
    """One template per member, so the template count is the number of people."""
    return filing_status_for(store.templates.count(), settings)
