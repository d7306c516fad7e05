"""The filing counter (rule 10): people with a stored face template against the filing
threshold (100,000 under the 2025 CAC Measures; 10,000 under the 2023 draft), with a
warning from ``filing_warn_fraction`` (80 %) of it.

At a kiosk of a site the count is the site's: the templates every kiosk holds in kiosk
storage (each kiosk reports its own count at its exchanges with the site), plus the site's
own templates (site storage, held by every kiosk, counted once). A member enrolled in kiosk
storage at two gates counts twice: the count never falls short of the people enrolled."""

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
    this_kiosk: int | None = None  # a kiosk of a site: the templates this kiosk holds (the count above is the site's)

    @property
    def fraction(self) -> float:
        return self.people_with_templates / self.threshold

    @property
    def message(self) -> str:
        t = self.threshold
        n = (f"{self.people_with_templates}" if self.this_kiosk is None else
             f"Across the site, {self.people_with_templates}")  # a site files once, for all its kiosks
        here = "" if self.this_kiosk is None else f" This kiosk holds {self.this_kiosk}."
        if self.level == REACHED:
            return (f"{n} people have a face template: the filing threshold of {t} is reached. File with the regulator "
                    f"now.{here}")
        if self.level == WARNING:
            return (f"{n} people have a face template, {self.fraction:.0%} of the filing threshold of {t}. Prepare the "
                    f"filing.{here}")
        return f"{n} people have a face template ({self.fraction:.1%} of the filing threshold of {t}).{here}"


def filing_status_for(count: int, settings: Settings, this_kiosk: int | None = None) -> FilingStatus:
    threshold = max(1, settings.filing_threshold)
    warn_at = max(1, int(threshold * settings.filing_warn_fraction + 0.999999))
    level = REACHED if count >= threshold else WARNING if count >= warn_at else OK
    return FilingStatus(count, threshold, warn_at, level, this_kiosk)


def site_count(store) -> tuple[int, int] | None:
    """A kiosk of a site: (people with a template across the site, templates held here);
    None for a standalone kiosk. Read from this kiosk's store: it never waits on the server."""
    if not store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'site_templates'"):
        return None
    here = store.templates.count()  # this kiosk's own (kiosk storage) and the site's (site storage)
    waiting = store.query("SELECT count(*) FROM site_sealed")[0][0]  # the site's, not opened here yet
    others = store.query("SELECT value FROM site_state WHERE key = 'other_kiosk_templates'")  # kiosk storage elsewhere
    return here + waiting + (int(others[0][0]) if others else 0), here


def filing_status(store, settings: Settings) -> FilingStatus:
    """One template per member, so the template count is the number of people."""
    site = site_count(store)
    if site is not None:
        return filing_status_for(site[0], settings, this_kiosk=site[1])
    return filing_status_for(store.templates.count(), settings)
