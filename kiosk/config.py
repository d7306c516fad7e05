"""Kiosk settings: defaults, validation and the data folder.

Settings live in the encrypted database (table ``settings``) so that they are
audited and backed up with everything else; this module only knows their shape.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path

from kiosk.errors import ConfigError, SettingsError

APP_NAME = "kiosk"



class SiteType(StrEnum):
    """The kind of place the kiosk stands in (str values: stored settings and the CLI use them)."""

    ZOO = "zoo"
    MUSEUM = "museum"
    OFFICE_LOBBY = "office_lobby"
    PARK = "park"
    STADIUM = "stadium"
    LIBRARY = "library"
    CAMPUS_GATE = "campus_gate"
    OTHER_PUBLIC = "other_public"
    BATHHOUSE = "bathhouse"
    CHANGING_ROOM = "changing_room"
    DORMITORY_BEDROOM = "dormitory_bedroom"
    FITTING_ROOM = "fitting_room"
    HOTEL_ROOM = "hotel_room"
    PRIVATE_HOME = "private_home"
    TOILET = "toilet"


class TemplateStorage(StrEnum):
    """Where face templates live: this kiosk's encrypted database, sealed on the member's pass,
    or (a kiosk of a site) sealed under the site key on the site's server and at every kiosk of
    the site."""

    KIOSK = "kiosk"
    PASS = "pass"
    SITE = "site"


class Liveness(StrEnum):
    """The presentation-attack checks that run (rule 11: the default is both)."""

    OFF = "off"
    PASSIVE = "passive"
    CHALLENGE = "challenge"
    BOTH = "both"


class GateMode(StrEnum):
    """How the gate is told to open."""

    LOG = "log"
    COMMAND = "command"
    HTTP = "http"


class HelpNotifyMode(StrEnum):
    """Where a help request goes besides the staff area."""

    OFF = "off"
    COMMAND = "command"
    HTTP = "http"


#: Site types where face recognition must never run (CAC Measures art. 5 and similar).
PRIVATE_SITE_TYPES = frozenset(
    {SiteType.HOTEL_ROOM, SiteType.TOILET, SiteType.BATHHOUSE, SiteType.CHANGING_ROOM, SiteType.DORMITORY_BEDROOM,
     SiteType.FITTING_ROOM, SiteType.PRIVATE_HOME}
)
PUBLIC_SITE_TYPES = tuple(t.value for t in SiteType if t not in PRIVATE_SITE_TYPES)
SITE_TYPES = PUBLIC_SITE_TYPES + tuple(sorted(t.value for t in PRIVATE_SITE_TYPES))

TEMPLATE_STORAGE = tuple(t.value for t in TemplateStorage)
MAX_IDLE_RETENTION_DAYS = 3 * 365  # BIPA §15(a): at most 3 years after the last interaction
LIVENESS_MODES = tuple(m.value for m in Liveness)
HELP_NOTIFY_MODES = tuple(m.value for m in HelpNotifyMode)
#: the settings whose values are kinds: a valid value is held as its enum member
KINDS: dict[str, type[StrEnum]] = {"site_type": SiteType, "template_storage": TemplateStorage, "liveness": Liveness,
                                   "gate_mode": GateMode, "help_notify_mode": HelpNotifyMode}
MAX_TEXT = 500  #: the longest text a setting may hold (names, contact, gate command or URL)
#: (lowest, highest) of the numeric settings staff change on screen; ``Settings.validate`` enforces them
NUMERIC_BOUNDS: dict[str, tuple[float, float]] = {
    "match_threshold": (0.2, 0.7),
    "grace_days_after_pass": (0, 365),
    "idle_retention_days": (1, MAX_IDLE_RETENTION_DAYS),
    "filing_threshold": (1, 10_000_000),
    "inactivity_s": (10, 600),
    "reading_inactivity_s": (30, 900),
    "still_there_s": (5, 120),
    "sound_volume": (0, 100),  # 0: off
    "face_retries": (1, 5),
    "duplicate_threshold": (0.2, 0.7),
    "site_key_grace_days": (0, 730),
    "pin_max_failures": (3, 10),
    "pin_lock_base_s": (10, 3600),
    "liveness_passive_threshold": (0.005, 0.99),
    "liveness_passive_frames": (1, 30),
    "liveness_turn": (0.08, 0.4),
    "liveness_challenge_s": (4, 30),
    "audit_anchor_hours": (0, 720),  # 0: off
}
#: (lowest, highest) of the numeric settings changed only from the command line
OTHER_BOUNDS: dict[str, tuple[float, float]] = {
    "sure_match_fraction": (0.5, 0.95),
    "bystander_ratio": (0.3, 0.95),
    "min_face_fraction": (0.05, 0.9),
    "max_offcentre": (0.05, 0.5),
    "min_face_px_still": (10, 2000),
    "dominance_ratio": (1.0, 10.0),
    "filing_warn_fraction": (0.1, 1.0),
    "min_sharpness": (0, 1000),
    "min_sharpness_still": (0, 1000),
    "enroll_frames": (1, 20),
    "verify_frames": (1, 10),
    "site_offline_face_minutes": (1, 1440),
}
#: every numeric setting's range, the one table validation, the settings screen and its labels read
RANGES: dict[str, tuple[float, float]] = NUMERIC_BOUNDS | OTHER_BOUNDS
GATE_MODES = tuple(m.value for m in GateMode)
URL_SCHEMES = ("http://", "https://")


class ProblemCode(StrEnum):
    """What is wrong with one setting; the staff screens translate each code (one table)."""

    WRONG_TYPE = "wrong_type"  # value: the type the setting needs
    NOT_FINITE = "not_finite"  # value: the number given
    UNREADABLE = "unreadable"  # value: the type the setting needs; text: what was typed
    TOO_LONG = "too_long"  # high: the most characters
    OUT_OF_RANGE = "out_of_range"  # low, high
    NOT_A_CHOICE = "not_a_choice"  # value: the choices
    NEEDED = "needed"  # value: (the mode setting, its mode)
    NOT_A_URL = "not_a_url"  # value: (the mode setting, its mode)
    BRIGHTNESS_ORDER = "brightness_order"
    NO_LANGUAGE = "no_language"  # value: the languages offered


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


@dataclass(frozen=True)
class SettingProblem:
    """One problem with one setting, as a code and typed fields; ``str()`` words it in English."""

    code: ProblemCode
    setting: str
    low: float | None = None
    high: float | None = None
    value: object = None
    text: str = ""

    def __str__(self) -> str:
        n, v = self.setting, self.value
        match self.code:
            case ProblemCode.WRONG_TYPE:
                return f"{n} must be a {v}"
            case ProblemCode.NOT_FINITE:
                return f"{n} must be a finite number, not {v}"
            case ProblemCode.UNREADABLE:
                return f"{n} needs a {v}, not {self.text!r}"
            case ProblemCode.TOO_LONG:
                return f"{n} must be at most {_number(self.high or 0)} characters"
            case ProblemCode.OUT_OF_RANGE:
                return f"{n} must be between {_number(self.low or 0)} and {_number(self.high or 0)}"
            case ProblemCode.NOT_A_CHOICE:
                choices: tuple[str, ...] = tuple(v) if isinstance(v, tuple) else ()
                if len(choices) <= 3:
                    return f"{n} must be {', '.join(choices[:-1])} or {choices[-1]}"
                return f"{n} must be one of {', '.join(choices)}"
            case ProblemCode.NEEDED:
                return f"{n} is needed when {v[0]} is {v[1]}"  # type: ignore[index]
            case ProblemCode.NOT_A_URL:
                return f"{n} must start with http:// or https:// when {v[0]} is {v[1]}"  # type: ignore[index]
            case ProblemCode.BRIGHTNESS_ORDER:
                return "brightness limits must satisfy 0 <= min < max <= 255"
            case ProblemCode.NO_LANGUAGE:
                return f"{n} must be a non-empty subset of {', '.join(v or ())}"  # type: ignore[arg-type]
        return f"{n} is not allowed"  # pragma: no cover  # every code is worded above


@dataclass(frozen=True)
class Settings:
    # site profile
    operator_name: str = ""
    operator_name_zh: str = ""  # the operator's name in Chinese, where it differs (the Chinese notice uses it)
    operator_contact: str = ""
    site_name: str = ""
    site_type: SiteType = SiteType.ZOO
    public_place: bool = True
    # face matching
    face_enabled: bool = True
    match_threshold: float = 0.55  # FAR <= 0.1 % on the development set (README: choosing the threshold)
    sure_match_fraction: float = 0.8  # a live frame within this x match_threshold decides alone
    duplicate_check: bool = True
    duplicate_threshold: float = 0.45
    enroll_frames: int = 5
    verify_frames: int = 2
    face_retries: int = 3
    # liveness (presentation-attack detection): off | passive | challenge | both
    liveness: Liveness = Liveness.BOTH
    liveness_passive_threshold: float = 0.008  # under it the mean score refuses; README: Liveness (about 5 % of genuine faces)
    liveness_passive_frames: int = 5
    liveness_turn: float = 0.15  # the nose's parallax, in eye distances, that counts as a turn or a nod
    liveness_challenge_s: int = 6  # time limit of each step of the head-movement challenge
    liveness_nods: bool = False  # the challenge asks for nods (up, down) as well as turns (README: Liveness)
    # where templates live: "kiosk" (encrypted database), "pass" (sealed on the member's pass) or
    # "site" (a kiosk of a site: sealed under the site key, kept by the site and every kiosk of it)
    template_storage: TemplateStorage = TemplateStorage.KIOSK
    site_key_grace_days: int = 90  # passes sealed under a rotated site key keep working this long
    # quality gate
    min_face_fraction: float = 0.25  # face height / frame height, live frames
    min_face_px_still: int = 40
    max_offcentre: float = 0.25  # centre offset / frame size
    bystander_ratio: float = 0.7  # live frames: another face under this x the visitor's width and height is a bystander (rule 8)
    # live frames and still photos are judged on the face resized to 150 px high (see biometrics/quality.py)
    min_sharpness: float = 8.0  # Laplacian variance on the face (live frames)
    min_brightness: float = 40.0
    max_brightness: float = 210.0
    min_sharpness_still: float = 3.0
    min_brightness_still: float = 25.0
    max_brightness_still: float = 230.0
    dominance_ratio: float = 1.75  # still photos: best face score / runner-up (height x centrality)
    # retention
    grace_days_after_pass: int = 30
    idle_retention_days: int = 365
    # accountability
    filing_threshold: int = 100_000
    filing_warn_fraction: float = 0.8
    audit_anchor_hours: int = 24  # the running kiosk appends an audit anchor this often (0: never)
    # session
    inactivity_s: int = 30
    reading_inactivity_s: int = 120  # notice, consent, My data: time to read (never less than inactivity_s)
    still_there_s: int = 20  # "Are you still there?" counts down this long before starting over
    sound_volume: int = 60  # result sounds, 0 (off) to 100
    pin_max_failures: int = 5
    pin_lock_base_s: int = 30
    site_offline_face_minutes: int = 15  # a kiosk of a site that has not heard from it this long pauses face use
    languages: tuple[str, ...] = ("zh_CN", "en")
    pass_scanner: bool = False  # a hardware (keyboard-wedge) pass scanner is fitted: no camera for codes
    # gate output
    gate_mode: GateMode = GateMode.LOG
    gate_command: str = ""
    gate_url: str = ""
    # help requests also reach a person away from this kiosk (a pager, a chat bridge)
    help_notify_mode: HelpNotifyMode = HelpNotifyMode.OFF
    help_notify_command: str = ""
    help_notify_url: str = ""

    def __post_init__(self) -> None:
        for name, kind in KINDS.items():  # a kind typed or stored as its string is held as its enum member
            value = getattr(self, name)
            if isinstance(value, str) and not isinstance(value, kind) and value in kind._value2member_map_:
                object.__setattr__(self, name, kind(value))

    def _type_problems(self) -> list[SettingProblem]:
        problems = []
        for f in fields(self):
            value, default = getattr(self, f.name), f.default
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, (int, float)):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
                ok = ok and (isinstance(default, float) or isinstance(value, int)
                             or (math.isfinite(value) and float(value).is_integer()))
            elif isinstance(default, tuple):
                ok = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
            else:
                ok = isinstance(value, str)
            if ok and isinstance(value, float) and not math.isfinite(value):
                problems.append(SettingProblem(ProblemCode.NOT_FINITE, f.name, value=value))  # NaN fails every bound
            elif not ok:
                problems.append(SettingProblem(ProblemCode.WRONG_TYPE, f.name, value=type(default).__name__))
            elif isinstance(value, str) and len(value) > MAX_TEXT:
                problems.append(SettingProblem(ProblemCode.TOO_LONG, f.name, high=MAX_TEXT))
        return problems

    def validate(self) -> "Settings":
        problems = self._type_problems()
        if problems:
            raise SettingsError(problems)
        for name, (lo, hi) in RANGES.items():
            if not lo <= getattr(self, name) <= hi:
                problems.append(SettingProblem(ProblemCode.OUT_OF_RANGE, name, low=lo, high=hi))
        for name, lo_hi in (("min_brightness", (self.min_brightness, self.max_brightness)),
                            ("min_brightness_still", (self.min_brightness_still, self.max_brightness_still))):
            if not 0 <= lo_hi[0] < lo_hi[1] <= 255:
                problems.append(SettingProblem(ProblemCode.BRIGHTNESS_ORDER, name, low=0, high=255))
        for name, choices in (("site_type", SITE_TYPES), ("template_storage", TEMPLATE_STORAGE),
                              ("gate_mode", GATE_MODES), ("help_notify_mode", HELP_NOTIFY_MODES),
                              ("liveness", LIVENESS_MODES)):
            if not isinstance(getattr(self, name), KINDS[name]):
                problems.append(SettingProblem(ProblemCode.NOT_A_CHOICE, name, value=tuple(choices)))
        for mode_name, command, url in (("gate_mode", "gate_command", "gate_url"),
                                        ("help_notify_mode", "help_notify_command", "help_notify_url")):
            mode = getattr(self, mode_name)
            if mode == GateMode.COMMAND and not getattr(self, command).strip():
                problems.append(SettingProblem(ProblemCode.NEEDED, command, value=(mode_name, mode)))
            if mode == GateMode.HTTP and not getattr(self, url).startswith(URL_SCHEMES):
                problems.append(SettingProblem(ProblemCode.NOT_A_URL, url, value=(mode_name, mode)))
        if not set(self.languages) <= {"zh_CN", "en"} or not self.languages:
            problems.append(SettingProblem(ProblemCode.NO_LANGUAGE, "languages", value=("zh_CN", "en")))
        if problems:
            raise SettingsError(problems)
        return self

    def operator_for(self, language: str) -> str:
        """The operator's name as the notice gives it in ``language``; either name stands in for the other."""
        zh, other = self.operator_name_zh.strip(), self.operator_name.strip()
        return (zh or other) if language == "zh_CN" else (other or zh)

    @property
    def face_site_allowed(self) -> bool:
        """False at private site types, where face recognition is banned (rule 9)."""
        return self.site_type not in PRIVATE_SITE_TYPES

    @property
    def templates_on_pass(self) -> bool:
        """Pass mode: templates are sealed on the member's pass and never stored here."""
        return self.template_storage == TemplateStorage.PASS

    def replace(self, **changes: object) -> "Settings":
        return dataclasses.replace(self, **changes).validate()  # type: ignore[arg-type]  # checked by validate()

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["languages"] = list(self.languages)
        for name in KINDS:
            if isinstance(d[name], StrEnum):
                d[name] = d[name].value  # the stored form: the kind's string
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "Settings":
        known = {f.name: f for f in fields(cls)}
        kwargs = {}
        for k, v in data.items():
            if k not in known:
                continue  # settings removed in a later version are ignored
            if k == "languages":
                v = tuple(v)
            kwargs[k] = v
        return cls(**kwargs)

    @staticmethod
    def coerce(name: str, text: str) -> object:
        """Parse a text value (CLI / settings screen) into the field's type."""
        known = {f.name: f for f in fields(Settings)}
        if name not in known:
            raise ConfigError(f"Unknown setting {name!r}.", remedy="See 'kiosk settings show' for the names.")
        default = getattr(Settings(), name)
        try:
            if isinstance(default, bool):
                if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(text)
                return text.lower() in ("true", "1", "yes")
            if isinstance(default, int):
                return int(text)
            if isinstance(default, float):
                number = float(text)
                if not math.isfinite(number):  # "nan", "inf": no setting is meant to be one
                    raise ValueError(text)
                return number
            if isinstance(default, tuple):
                return tuple(p.strip() for p in text.split(",") if p.strip())
        except ValueError:
            problem = SettingProblem(ProblemCode.UNREADABLE, name, value=type(default).__name__, text=text)
            raise SettingsError([problem], prefix="", remedy="Type a valid value.") from None
        return text


def default_data_dir() -> Path:
    env = os.environ.get("KIOSK_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    key_file: Path | None = None

    @property
    def db(self) -> Path:
        return self.data_dir / "kiosk.db"

    @property
    def default_key_file(self) -> Path:
        return self.data_dir / "kiosk.key"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "kiosk.log"

    @property
    def audit_anchors(self) -> Path:
        """The audit anchors the running kiosk appends (:mod:`kiosk.domain.audit_anchors`)."""
        return self.data_dir / "audit-anchors.txt"


