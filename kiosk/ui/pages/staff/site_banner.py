"""The staff-visible site banner (rule 9): why face features are off or need a look."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.config import PRIVATE_SITE_TYPES, Settings


def site_type_name(site_type: str) -> str:
    t = QCoreApplication.translate
    names = {
        "zoo": t("SiteTypes", "Zoo"), "museum": t("SiteTypes", "Museum"), "office_lobby": t("SiteTypes", "Office lobby"),
        "park": t("SiteTypes", "Park"), "stadium": t("SiteTypes", "Stadium"), "library": t("SiteTypes", "Library"),
        "campus_gate": t("SiteTypes", "Campus gate"), "other_public": t("SiteTypes", "Other public place"),
        "bathhouse": t("SiteTypes", "Bathhouse (private space)"),
        "changing_room": t("SiteTypes", "Changing room (private space)"),
        "dormitory_bedroom": t("SiteTypes", "Dormitory bedroom (private space)"),
        "fitting_room": t("SiteTypes", "Fitting room (private space)"),
        "hotel_room": t("SiteTypes", "Hotel room (private space)"),
        "private_home": t("SiteTypes", "Private home (private space)"),
        "toilet": t("SiteTypes", "Toilet (private space)"),
    }
    return names.get(site_type, site_type)


def site_banner_text(settings: Settings) -> str:
    """Empty when all is well; otherwise a sentence for staff (card and PIN keep working)."""
    t = QCoreApplication.translate
    if settings.site_type in PRIVATE_SITE_TYPES:
        return t("SiteBanner", "Face recognition is banned at this site type (%1): face features are off. "
                               "Card and PIN keep working. Change the site type only if it is wrong.").replace(
            "%1", site_type_name(settings.site_type))
    if not settings.face_enabled:
        return t("SiteBanner", "Face verification is switched off in the settings. Card and PIN keep working.")
    if not settings.public_place:
        return t("SiteBanner", "This site is marked as not a public place: check that face verification is appropriate here.")
    return ""
