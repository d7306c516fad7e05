"""Who may consent to face recognition alone: the age of consent, and the age bands a consent
record holds (PIPL art. 31: under 14, a parent or guardian decides)."""

from __future__ import annotations

from enum import StrEnum

AGE_OF_CONSENT = 14  #: from this age on, a member consents for themselves


class AgeBand(StrEnum):
    """The pass holder's age band; the values are what consent records store."""

    FOURTEEN_OR_OLDER = "14_or_older"
    UNDER_14 = "under_14"

    @classmethod
    def of_age(cls, age: int) -> "AgeBand":
        return cls.FOURTEEN_OR_OLDER if age >= AGE_OF_CONSENT else cls.UNDER_14


class GivenBy(StrEnum):
    """Who gave a consent: the member, or a parent or guardian for a child under the age of consent."""

    SELF = "self"
    GUARDIAN = "guardian"
