"""What the domain's use of an open kiosk needs, stated in the domain.

:class:`kiosk.core.Kiosk` has all of it; the domain names this protocol instead, so it never
imports the layer above it and a test may hand in any object with these services.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.config import Settings
from kiosk.domain.faces import FaceService
from kiosk.domain.members import Pins
from kiosk.domain.passes import PassService
from kiosk.store.db import Store


class Services(Protocol):
    @property
    def store(self) -> Store: ...

    @property
    def faces(self) -> FaceService: ...

    @property
    def pins(self) -> Pins: ...

    @property
    def passes(self) -> PassService: ...

    @property
    def settings(self) -> Settings: ...
