"""The staff-visible site banner (rule 9): why face features are off or need a look."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.config import PRIVATE_SITE_TYPES, Settings


def site_type_name(site_type: str) -> str:
    names = {
        "zoo": QCoreApplication.translate("SiteTypes", "Zoo"),
        "museum": QCoreApplication.translate("SiteTypes", "Museum"),
        "office_lobby": QCoreApplication.translate("SiteTypes", "Office lobby"),
        "park": QCoreApplication.translate("SiteTypes", "Park"),
        "stadium": QCoreApplication.translate("SiteTypes", "Stadium"),
        "library": QCoreApplication.translate("SiteTypes", "Library"),
        "campus_gate": QCoreApplication.translate("SiteTypes", "Campus gate"),
        "other_public": QCoreApplication.translate("SiteTypes", "Other public place"),
        "bathhouse": QCoreApplication.translate("SiteTypes", "Bathhouse (private space)"),
        "changing_room": QCoreApplication.translate("SiteTypes", "Changing room (private space)"),
        "dormitory_bedroom": QCoreApplication.translate("SiteTypes", "Dormitory bedroom (private space)"),
        "fitting_room": QCoreApplication.translate("SiteTypes", "Fitting room (private space)"),
        "hotel_room": QCoreApplication.translate("SiteTypes", "Hotel room (private space)"),
        "private_home": QCoreApplication.translate("SiteTypes", "Private home (private space)"),
        "toilet": QCoreApplication.translate("SiteTypes", "Toilet (private space)"),
    }
    return names.get(site_type, site_type)


def site_banner_text(settings: Settings) -> str:
    """Empty when all is well; otherwise a sentence for staff (card and PIN keep working)."""
    if settings.site_type in PRIVATE_SITE_TYPES:
        text = QCoreApplication.translate("SiteBanner", "Face recognition is banned at this site type (%1): face features are off. Card and PIN keep working. Change the site type only if it is wrong.")  # noqa: E501
        return text.replace("%1", site_type_name(settings.site_type))
    if not settings.face_enabled:
        return QCoreApplication.translate("SiteBanner", "Face verification is switched off in the settings. Card and PIN keep working.")
    if not settings.public_place:
        return QCoreApplication.translate("SiteBanner", "This site is marked as not a public place: check that face verification is appropriate here.")  # noqa: E501
    return ""
