"""The site profile (rule 9): is face recognition allowed here, and is the profile
complete enough to show on the consent notice and in the filing report?"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import PRIVATE_SITE_TYPES, Settings

#: Fields the consent notice and the filing report cannot do without.
REQUIRED_FIELDS = ("operator_name", "operator_contact", "site_name")


@dataclass(frozen=True)
class SiteStatus:
    site_type: str
    public_place: bool
    face_allowed: bool
    banner: str | None  # a staff-visible explanation when face features are off
    missing: tuple[str, ...]  # required profile fields still empty

    @property
    def complete(self) -> bool:
        return not self.missing


def missing_fields(settings: Settings) -> tuple[str, ...]:
    return tuple(f for f in REQUIRED_FIELDS if not str(getattr(settings, f)).strip())


def site_status(settings: Settings) -> SiteStatus:
    banner = None
    if settings.site_type in PRIVATE_SITE_TYPES:
        banner = (
            f"Face recognition is banned at a site of type '{settings.site_type}' (a private space). "
            "Face features are off; card and PIN keep working. Change the site type only if it is wrong."
        )
    elif not settings.face_enabled:
        banner = "Face verification is switched off in the settings; card and PIN keep working."
    elif not settings.public_place:
        banner = "The site is marked as not a public place: check that face verification is appropriate here."
    return SiteStatus(settings.site_type, settings.public_place, settings.face_site_allowed, banner, missing_fields(settings))
