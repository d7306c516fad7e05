"""``kiosk --demo``: a throwaway data folder with demo members, one of them enrolled.

Qt-free. The demo face is matplotlib's public-domain sample portrait of Grace Hopper,
read from the installed matplotlib package at run time: no face image is committed to
the repository, and nothing here writes an image anywhere (rule 5).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from kiosk.biometrics.engine import FaceEngine


@dataclass(frozen=True)
class DemoMember:
    member_no: str
    display_name: str
    card_id: str
    pin: str
    face: bool = False
    birth_date: str = "1980-01-01"  # "" = unknown: the kiosk then asks "Are you 14 or older?"


@dataclass(frozen=True)
class DemoStaff:
    name: str
    role: str
    pin: str


#: A demo administrator for the staff area (long-press the top-left corner, or Ctrl+Alt+S).
DEMO_STAFF = (DemoStaff("Demo administrator", "administrator", "246810"),)

DEMO_MEMBERS = (
    DemoMember("1001", "Grace Hopper", "PASS-1001", "1111", face=True),
    DemoMember("1002", "Ada Lovelace", "PASS-1002", "2222"),
    DemoMember("1003", "李华 Li Hua", "PASS-1003", "3333", birth_date=""),
    DemoMember("1004", "Tom (child)", "PASS-1004", "4444", birth_date="2016-06-01"),  # guardian path
)


def locale_language(env: Mapping[str, str] | None = None) -> str:
    """The kiosk language closest to the machine's locale (LC_ALL, then LC_MESSAGES, then
    LANG, as the C library reads them): Chinese for ``zh*``, English otherwise."""
    values = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = values.get(name, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


def demo_face_path() -> Path:
    """matplotlib's sample ``grace_hopper.jpg`` (read-only, inside the installed package)."""
    from matplotlib import cbook

    return Path(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))


@dataclass
class DemoInfo:
    data_dir: Path
    members: tuple[DemoMember, ...] = DEMO_MEMBERS
    staff: tuple[DemoStaff, ...] = DEMO_STAFF
    face_enrolled: bool = False
    still_camera: bool = True  # the file camera shows one still photo (no --camera given): liveness fails there
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def camera_spec(self) -> Path:
        return demo_face_path()

    def cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def members_csv(members: tuple[DemoMember, ...] = DEMO_MEMBERS) -> str:
    rows = ["member_no,display_name,birth_date,valid_until,card_id"]
    rows += [f"{m.member_no},{m.display_name},{m.birth_date},2099-12-31,{m.card_id}" for m in members]
    return "\n".join(rows) + "\n"


def populate(kiosk, members: tuple[DemoMember, ...] = DEMO_MEMBERS) -> None:
    """Demo members, PINs, a demo administrator and a demo site profile (no face yet: see
    :func:`enroll_demo_face`), through the same operations as the command line."""
    from kiosk import ops

    demo = ops.Actor.cli("demo")
    ops.import_members(kiosk, demo, members_csv(members))
    for m in members:
        ops.reset_pin(kiosk, demo, m.member_no, m.pin)
    for st in DEMO_STAFF:
        ops.add_staff(kiosk, demo, st.name, st.role, st.pin)
    ops.save_settings(kiosk, demo, kiosk.settings.replace(operator_name="Demo Zoo", operator_name_zh="演示动物园",
                                                          operator_contact="privacy@demo.invalid", site_name="Demo Zoo"))


def create_demo(engine: FaceEngine | None = None):
    """A kiosk on a fresh temporary folder; returns ``(kiosk, DemoInfo)``. Call cleanup()."""
    from kiosk.app import create

    tmp = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
    data_dir = Path(tmp.name) / "data"
    try:
        kiosk = create(data_dir, engine=engine, init=True)
        populate(kiosk)
    except BaseException:
        tmp.cleanup()
        raise
    return kiosk, DemoInfo(data_dir, _tmp=tmp)


def demo_face_encoding(kiosk, encoder=None):
    """The demo member's template from the sample portrait, held in memory only. Slow (engine).
    With ``encoder`` (the kiosk's encoder child) only detection runs in this process."""
    from kiosk.domain.faces import read_image

    photo = read_image(demo_face_path())
    if encoder is None:
        return kiosk.faces.encode_still(photo)
    return encoder.encode(photo, kiosk.faces.still_box(photo))


def store_demo_face(kiosk, info: DemoInfo, encoding) -> None:
    """Enroll the demo member with ``encoding`` (database writes only)."""
    from kiosk import ops

    demo = ops.Actor.cli("demo")
    member = next(m for m in info.members if m.face)
    draft = ops.consent_in_person(kiosk, demo, member.member_no, declared_14_or_older=True, method="demo")
    ops.enroll_with_consent(kiosk, demo, draft, [encoding])
    info.face_enrolled = True


def enroll_demo_face(kiosk, info: DemoInfo) -> None:
    """Enroll the demo member from the sample portrait, held in memory only. Slow (engine)."""
    store_demo_face(kiosk, info, demo_face_encoding(kiosk))
