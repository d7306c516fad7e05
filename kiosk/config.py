"""Kiosk settings: defaults, validation and the data folder.

Settings live in the encrypted database (table ``settings``) so that they are
audited and backed up with everything else; this module only knows their shape.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path

from kiosk.errors import ConfigError

APP_NAME = "kiosk"

#: Site types where face recognition must never run (CAC Measures art. 5 and similar).
PRIVATE_SITE_TYPES = frozenset(
    {"hotel_room", "toilet", "bathhouse", "changing_room", "dormitory_bedroom", "fitting_room", "private_home"}
)
PUBLIC_SITE_TYPES = ("zoo", "museum", "office_lobby", "park", "stadium", "library", "campus_gate", "other_public")
SITE_TYPES = PUBLIC_SITE_TYPES + tuple(sorted(PRIVATE_SITE_TYPES))

TEMPLATE_STORAGE = ("kiosk", "pass")
MAX_IDLE_RETENTION_DAYS = 3 * 365  # BIPA §15(a): at most 3 years after the last interaction
LIVENESS_MODES = ("off", "passive", "challenge", "both")  # rule 11: the default is both
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
    "liveness_passive_threshold": (0.05, 0.99),
    "liveness_passive_frames": (1, 30),
    "liveness_turn": (0.08, 0.4),
    "liveness_challenge_s": (4, 30),
    "audit_anchor_hours": (0, 720),  # 0: off
}


@dataclass(frozen=True)
class Settings:
    # site profile
    operator_name: str = ""
    operator_name_zh: str = ""  # the operator's name in Chinese, where it differs (the Chinese notice uses it)
    operator_contact: str = ""
    site_name: str = ""
    site_type: str = "zoo"
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
    liveness: str = "both"
    liveness_passive_threshold: float = 0.5  # mean bona fide score over the judged frames
    liveness_passive_frames: int = 5
    liveness_turn: float = 0.15  # the nose's parallax, in eye distances, that counts as a turn or a nod
    liveness_challenge_s: int = 6  # time limit of each step of the head-movement challenge
    liveness_nods: bool = False  # the challenge asks for nods (up, down) as well as turns (README: Liveness)
    # where templates live: "kiosk" (encrypted database) or "pass" (sealed on the member's pass)
    template_storage: str = "kiosk"
    site_key_grace_days: int = 90  # passes sealed under a rotated site key keep working this long
    # quality gate
    min_face_fraction: float = 0.25  # face height / frame height, live frames
    min_face_px_still: int = 40
    max_offcentre: float = 0.25  # centre offset / frame size
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
    languages: tuple[str, ...] = ("zh_CN", "en")
    pass_scanner: bool = False  # a hardware (keyboard-wedge) pass scanner is fitted: no camera for codes
    # gate output
    gate_mode: str = "log"  # log | command | http
    gate_command: str = ""
    gate_url: str = ""

    def _type_problems(self) -> list[str]:
        problems = []
        for f in fields(self):
            value, default = getattr(self, f.name), f.default
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, (int, float)):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
                ok = ok and (isinstance(default, float) or float(value).is_integer())
            elif isinstance(default, tuple):
                ok = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
            else:
                ok = isinstance(value, str)
            if not ok:
                problems.append(f"{f.name} must be a {type(default).__name__}")
            elif isinstance(value, str) and len(value) > MAX_TEXT:
                problems.append(f"{f.name} must be at most {MAX_TEXT} characters")
        return problems

    def validate(self) -> "Settings":
        problems = self._type_problems()
        if problems:
            raise ConfigError("Invalid settings: " + "; ".join(problems) + ".", remedy="Correct the values and save again.")
        if not 3 <= self.pin_max_failures <= 10:
            problems.append("pin_max_failures must be between 3 and 10")
        if not 10 <= self.pin_lock_base_s <= 3600:
            problems.append("pin_lock_base_s must be between 10 and 3600")
        if not 1 <= self.face_retries <= 5:
            problems.append("face_retries must be between 1 and 5")
        if self.site_type not in SITE_TYPES:
            problems.append(f"site_type must be one of {', '.join(SITE_TYPES)}")
        if not 0.2 <= self.match_threshold <= 0.7:
            problems.append("match_threshold must be between 0.2 and 0.7")
        if not 0.2 <= self.duplicate_threshold <= 0.7:
            problems.append("duplicate_threshold must be between 0.2 and 0.7")
        if not 1 <= self.idle_retention_days <= MAX_IDLE_RETENTION_DAYS:
            problems.append(f"idle_retention_days must be between 1 and {MAX_IDLE_RETENTION_DAYS}")
        if not 0 <= self.grace_days_after_pass <= 365:
            problems.append("grace_days_after_pass must be between 0 and 365")
        if not 0.5 <= self.sure_match_fraction <= 0.95:
            problems.append("sure_match_fraction must be between 0.5 and 0.95")
        if not 0.05 <= self.min_face_fraction <= 0.9:
            problems.append("min_face_fraction must be between 0.05 and 0.9")
        if not 0 <= self.min_sharpness_still <= 1000 or not 0 <= self.min_sharpness <= 1000:
            problems.append("min_sharpness and min_sharpness_still must be between 0 and 1000")
        for lo, hi in ((self.min_brightness, self.max_brightness), (self.min_brightness_still, self.max_brightness_still)):
            if not 0 <= lo < hi <= 255:
                problems.append("brightness limits must satisfy 0 <= min < max <= 255")
        if not 1 <= self.enroll_frames <= 20 or not 1 <= self.verify_frames <= 10:
            problems.append("enroll_frames must be 1-20 and verify_frames 1-10")
        if not 1 <= self.filing_threshold <= NUMERIC_BOUNDS["filing_threshold"][1]:
            problems.append(f"filing_threshold must be between 1 and {NUMERIC_BOUNDS['filing_threshold'][1]}")
        if not 10 <= self.inactivity_s <= 600:
            problems.append("inactivity_s must be between 10 and 600")
        if not 30 <= self.reading_inactivity_s <= 900:
            problems.append("reading_inactivity_s must be between 30 and 900")
        if not 5 <= self.still_there_s <= 120:
            problems.append("still_there_s must be between 5 and 120")
        if not 0 <= self.sound_volume <= 100:
            problems.append("sound_volume must be between 0 and 100")
        if self.template_storage not in TEMPLATE_STORAGE:
            problems.append("template_storage must be kiosk or pass")
        if not 0 <= self.site_key_grace_days <= 730:
            problems.append("site_key_grace_days must be between 0 and 730")
        if self.gate_mode not in ("log", "command", "http"):
            problems.append("gate_mode must be log, command or http")
        if self.gate_mode == "command" and not self.gate_command.strip():
            problems.append("gate_command is needed when gate_mode is command")
        if self.gate_mode == "http" and not self.gate_url.startswith(("http://", "https://")):
            problems.append("gate_url must start with http:// or https:// when gate_mode is http")
        if self.liveness not in LIVENESS_MODES:
            problems.append("liveness must be one of " + ", ".join(LIVENESS_MODES))
        if not 0.05 <= self.liveness_passive_threshold <= 0.99:
            problems.append("liveness_passive_threshold must be between 0.05 and 0.99")
        if not 1 <= self.liveness_passive_frames <= 30:
            problems.append("liveness_passive_frames must be between 1 and 30")
        if not 0.08 <= self.liveness_turn <= 0.4:
            problems.append("liveness_turn must be between 0.08 and 0.4")
        if not 4 <= self.liveness_challenge_s <= 30:
            problems.append("liveness_challenge_s must be between 4 and 30")
        if not 0 <= self.audit_anchor_hours <= 720:
            problems.append("audit_anchor_hours must be between 0 and 720")
        if not set(self.languages) <= {"zh_CN", "en"} or not self.languages:
            problems.append("languages must be a non-empty subset of zh_CN, en")
        if problems:
            raise ConfigError("Invalid settings: " + "; ".join(problems) + ".", remedy="Correct the values and save again.")
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
        return self.template_storage == "pass"

    def replace(self, **changes: object) -> "Settings":
        return dataclasses.replace(self, **changes).validate()  # type: ignore[arg-type]  # checked by validate()

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["languages"] = list(self.languages)
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
                return float(text)
            if isinstance(default, tuple):
                return tuple(p.strip() for p in text.split(",") if p.strip())
        except ValueError:
            raise ConfigError(f"{name} needs a {type(default).__name__}, not {text!r}.", remedy="Type a valid value.") from None
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


