"""The kiosk's side of a site, inside its own SQLCipher file: the outbox and what applies
the site's changes.

On a kiosk of a site, triggers on the shared tables write one row into ``site_outbox`` in the
same transaction as the change itself, so a change is queued exactly when it is committed
(a kill -9 loses neither). Changes that arrive from the site are applied with a row in
``site_applying``, which every trigger checks, so nothing echoes back.

What is shared, and how (each a row of the outbox, ``tbl``/``op``):

- ``members``: rows as imported (``upsert``/``update``; an update never carries ``active``),
  ``active`` changes on their own (so a removal from the list is never undone by an edit made
  elsewhere at the same time), PIN hashes with the row, and wrong PINs as increments
  (``pin_failed``: failures from several kiosks add up) and resets (``pin_reset``).
- ``consents``: given (``insert``) and withdrawn (``withdraw``), named site-wide by a global id
  ``KIOSK:ID`` (``site_rowmap`` maps it to the local row).
- ``pass_revocations``: added, never removed.
- ``staff`` by name, ``settings`` except those of this kiosk's own hardware, ``alerts`` by
  global id, and face lockouts (``meta`` ``face_throttle:*``) and the staff PIN pad's failures
  (``meta`` ``staff_pad_lock``: ``staff_pad_failed``, ``staff_pad_reset``) as increments.

- ``face_templates`` (``put``), only a template enrolled in site storage: the outbox row names
  the member and the consent; the push seals the template under the site key
  (:mod:`kiosk.domain.site_templates`), so it leaves the kiosk only as ciphertext.
  ``site_templates`` lists the templates of this kiosk that are the site's (the filing counter
  counts them once for the site); ``site_sealed`` holds those received under a key this kiosk
  does not hold yet, opened when it has it.

Templates in kiosk storage, the audit trail (uploaded whole, :mod:`kiosk.site.sync`) and this
kiosk's other state are never part of a change.
"""

from __future__ import annotations

#: settings that belong to one kiosk's hardware and place: never shared
LOCAL_SETTINGS = ("gate_mode", "gate_command", "gate_url", "help_notify_mode", "help_notify_command",
                  "help_notify_url", "pass_scanner", "min_face_fraction", "min_face_px_still", "max_offcentre",
                  "min_sharpness", "min_brightness", "max_brightness", "sound_volume")

TABLES = """
CREATE TABLE IF NOT EXISTS site_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl TEXT NOT NULL,
    op TEXT NOT NULL,
    rowkey TEXT,
    body TEXT NOT NULL,
    base_seq INTEGER NOT NULL,
    made TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS site_applying (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE IF NOT EXISTS site_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS site_rowmap (
    tbl TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    gid TEXT NOT NULL,
    seq INTEGER,
    PRIMARY KEY (tbl, local_id),
    UNIQUE (tbl, gid)
);
CREATE TABLE IF NOT EXISTS site_withdrawals (
    member_no TEXT NOT NULL,
    seq INTEGER,
    outbox_id INTEGER
);
CREATE TABLE IF NOT EXISTS site_pushed (rowkey TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS site_templates (member_no TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS site_sealed (member_no TEXT PRIMARY KEY, consent TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS idx_site_outbox_rowkey ON site_outbox(rowkey);
CREATE INDEX IF NOT EXISTS idx_site_withdrawals_member ON site_withdrawals(member_no);
"""

_WHEN = "NOT EXISTS (SELECT 1 FROM site_applying)"
_BASE = "(SELECT CAST(value AS INTEGER) FROM site_state WHERE key = 'last_seq')"
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_ME = "(SELECT value FROM site_state WHERE key = 'kiosk_id')"


def _json(cols: list[str], prefix: str = "NEW.") -> str:
    return "json_object(" + ", ".join(f"'{c}', {prefix}{c}" for c in cols) + ")"


def _queue(tbl: str, op: str, rowkey: str, body: str) -> str:
    return (f"INSERT INTO site_outbox (tbl, op, rowkey, body, base_seq, made) "
            f"VALUES ('{tbl}', '{op}', {rowkey}, {body}, {_BASE}, {_NOW});")


def _gid(tbl: str, prefix: str = "NEW.") -> str:
    return (f"coalesce((SELECT gid FROM site_rowmap WHERE tbl = '{tbl}' AND local_id = {prefix}id), "
            f"{_ME} || ':' || {prefix}id)")


MEMBER_COLS = ["member_no", "display_name", "birth_date", "valid_until", "card_id", "pin_hash", "created"]
CONSENT_COLS = ["member_no", "notice_version", "notice_sha256", "given_by", "guardian_ref", "guardian_name",
                "age_band", "method", "language", "given_at", "withdrawn_at"]
STAFF_COLS = ["name", "role", "pin_hash", "active", "created"]
ALERT_COLS = ["kind", "raised_at", "last_at", "repeats", "member_no", "note", "acknowledged_at", "acknowledged_by"]
_EDIT_COLS = ", ".join(c for c in MEMBER_COLS if c not in ("member_no", "created"))
_LOCAL = ", ".join(f"'{k}'" for k in LOCAL_SETTINGS)
_FAILURES = "CAST(substr({v}, 1, instr({v}, ':') - 1) AS INTEGER)"


def _consent_body(prefix: str = "NEW.") -> str:
    return _json(CONSENT_COLS, prefix)[:-1] + f", 'gid', {_gid('consents', prefix)})"


def _alert_body(prefix: str = "NEW.") -> str:
    return _json(ALERT_COLS, prefix)[:-1] + f", 'gid', {_gid('alerts', prefix)})"


def _trigger(name: str, when: str, body: str, condition: str = "") -> str:
    cond = f"{_WHEN} AND ({condition})" if condition else _WHEN
    return f"CREATE TRIGGER IF NOT EXISTS site_{name} {when} WHEN {cond} BEGIN {body} END;"


_SITE_STORAGE = "(SELECT value FROM settings WHERE key = 'template_storage') = '\"site\"'"

TRIGGERS = [
    # which templates are the site's: set by the enrollment (site storage) or by the applier
    "CREATE TRIGGER IF NOT EXISTS site_templates_mark AFTER INSERT ON face_templates BEGIN "
    "DELETE FROM site_templates WHERE member_no = NEW.member_no; "
    f"INSERT INTO site_templates (member_no) SELECT NEW.member_no WHERE {_WHEN} AND {_SITE_STORAGE}; END;",
    "CREATE TRIGGER IF NOT EXISTS site_templates_unmark AFTER DELETE ON face_templates BEGIN "
    "DELETE FROM site_templates WHERE member_no = OLD.member_no; END;",
    _trigger("templates_put", "AFTER INSERT ON face_templates",
             _queue("face_templates", "put", "'templates:' || NEW.member_no",
                    "json_object('member_no', NEW.member_no, 'consent', coalesce((SELECT gid FROM site_rowmap "
                    f"WHERE tbl = 'consents' AND local_id = NEW.consent_id), {_ME} || ':' || NEW.consent_id))"),
             _SITE_STORAGE),
    _trigger("members_insert", "AFTER INSERT ON members",
             _queue("members", "upsert", "'members:' || NEW.member_no",
                    _json(MEMBER_COLS)[:-1] + ", 'active', NEW.active)")),
    _trigger("members_update", f"AFTER UPDATE OF {_EDIT_COLS} ON members",
             _queue("members", "update", "'members:' || NEW.member_no", _json(MEMBER_COLS))),
    _trigger("members_active", "AFTER UPDATE OF active ON members",
             _queue("members", "active", "'active:' || NEW.member_no", _json(["member_no", "active"])),
             "NEW.active <> OLD.active"),
    _trigger("members_pin_failed", "AFTER UPDATE OF pin_failures ON members",
             _queue("members", "pin_failed", "NULL",
                    "json_object('member_no', NEW.member_no, 'delta', NEW.pin_failures - OLD.pin_failures)"),
             "NEW.pin_failures > OLD.pin_failures"),
    _trigger("members_pin_reset", "AFTER UPDATE OF pin_failures ON members",
             _queue("members", "pin_reset", "NULL", "json_object('member_no', NEW.member_no)"),
             "NEW.pin_failures = 0 AND OLD.pin_failures > 0"),
    _trigger("consents_insert", "AFTER INSERT ON consents",
             "INSERT OR IGNORE INTO site_rowmap (tbl, local_id, gid) "
             f"VALUES ('consents', NEW.id, {_ME} || ':' || NEW.id); "
             + _queue("consents", "insert", "NULL", _consent_body())),
    _trigger("consents_withdraw", "AFTER UPDATE OF withdrawn_at ON consents",
             _queue("consents", "withdraw", "NULL",
                    f"json_object('gid', {_gid('consents')}, 'member_no', NEW.member_no, "
                    "'withdrawn_at', NEW.withdrawn_at)")
             + " INSERT INTO site_withdrawals (member_no, seq, outbox_id) VALUES (NEW.member_no, NULL, last_insert_rowid());",
             "OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL"),
    _trigger("revocations_insert", "AFTER INSERT ON pass_revocations",
             _queue("pass_revocations", "insert", "NULL", _json(["kind", "ref", "revoked_at"]))),
    _trigger("staff_insert", "AFTER INSERT ON staff",
             _queue("staff", "upsert", "'staff:' || NEW.name", _json(STAFF_COLS))),
    _trigger("staff_update", "AFTER UPDATE OF name, role, pin_hash, active ON staff",
             _queue("staff", "upsert", "'staff:' || NEW.name", _json(STAFF_COLS))),
    _trigger("settings_insert", "AFTER INSERT ON settings",
             _queue("settings", "upsert", "'settings:' || NEW.key", _json(["key", "value"])),
             f"NEW.key NOT IN ({_LOCAL})"),
    _trigger("settings_update", "AFTER UPDATE ON settings",
             _queue("settings", "upsert", "'settings:' || NEW.key", _json(["key", "value"])),
             f"NEW.key NOT IN ({_LOCAL})"),
    _trigger("alerts_insert", "AFTER INSERT ON alerts",
             "INSERT OR IGNORE INTO site_rowmap (tbl, local_id, gid) "
             f"VALUES ('alerts', NEW.id, {_ME} || ':' || NEW.id); "
             + _queue("alerts", "upsert", f"'alerts:' || {_gid('alerts')}", _alert_body())),
    _trigger("alerts_update", "AFTER UPDATE ON alerts",
             _queue("alerts", "upsert", f"'alerts:' || {_gid('alerts')}", _alert_body())),
    # Meta.set is INSERT OR REPLACE: the old value is read before the row is replaced
    _trigger("face_failed", "BEFORE INSERT ON meta",
             _queue("meta", "face_failed", "NULL",
                    "json_object('key', NEW.key, 'delta', " + _FAILURES.format(v="NEW.value") + " - coalesce(("
                    "SELECT " + _FAILURES.format(v="value") + " FROM meta WHERE key = NEW.key), 0))"),
             "NEW.key LIKE 'face_throttle:%' AND " + _FAILURES.format(v="NEW.value") + " > coalesce(("
             "SELECT " + _FAILURES.format(v="value") + " FROM meta WHERE key = NEW.key), 0)"),
    # a member's face count cleared (a face that matched, or staff who ended the pause): cleared everywhere
    _trigger("face_reset", "BEFORE INSERT ON meta",
             _queue("meta", "face_reset", "NULL", "json_object('key', NEW.key)"),
             "NEW.key LIKE 'face_throttle:%' AND " + _FAILURES.format(v="NEW.value") + " = 0 AND coalesce(("
             "SELECT " + _FAILURES.format(v="value") + " FROM meta WHERE key = NEW.key), 0) > 0"),
    # the staff PIN pad ("failures:locked_until"): wrong PINs as increments, a login that passed as a reset
    _trigger("staff_pad_failed", "BEFORE INSERT ON meta",
             _queue("meta", "staff_pad_failed", "NULL",
                    "json_object('delta', " + _FAILURES.format(v="NEW.value") + " - coalesce(("
                    "SELECT " + _FAILURES.format(v="value") + " FROM meta WHERE key = NEW.key), 0))"),
             "NEW.key = 'staff_pad_lock' AND " + _FAILURES.format(v="NEW.value") + " > coalesce(("
             "SELECT " + _FAILURES.format(v="value") + " FROM meta WHERE key = NEW.key), 0)"),
    _trigger("staff_pad_reset", "BEFORE INSERT ON meta",
             _queue("meta", "staff_pad_reset", "NULL", "json_object()"),
             "NEW.key = 'staff_pad_lock' AND " + _FAILURES.format(v="NEW.value") + " = 0 AND coalesce(("
             "SELECT " + _FAILURES.format(v="value") + " FROM meta WHERE key = NEW.key), 0) > 0"),
]

#: the rows a kiosk already holds when it joins, queued as the triggers would queue them
SNAPSHOT = [
    _queue("members", "upsert", "'members:' || member_no", _json(MEMBER_COLS, "")[:-1] + ", 'active', active)")
    .replace("VALUES (", "SELECT ").replace(");", " FROM members;"),
    "INSERT OR IGNORE INTO site_rowmap (tbl, local_id, gid) SELECT 'consents', id, " + _ME + " || ':' || id FROM consents;",
    _queue("consents", "insert", "NULL", _consent_body("")).replace("VALUES (", "SELECT ").replace(");", " FROM consents;"),
    _queue("pass_revocations", "insert", "NULL", _json(["kind", "ref", "revoked_at"], ""))
    .replace("VALUES (", "SELECT ").replace(");", " FROM pass_revocations;"),
    _queue("staff", "upsert", "'staff:' || name", _json(STAFF_COLS, "")).replace("VALUES (", "SELECT ")
    .replace(");", " FROM staff;"),
    _queue("settings", "upsert", "'settings:' || key", _json(["key", "value"], "")).replace("VALUES (", "SELECT ")
    .replace(");", f" FROM settings WHERE key NOT IN ({_LOCAL});"),
]


def install(conn, kiosk_id: int, *, snapshot: bool) -> None:
    """Create the outbox, the state and the triggers in an open transaction, and (``snapshot``)
    queue every shared row this kiosk holds already."""
    for statement in TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO site_state (key, value) VALUES ('kiosk_id', ?)", (str(kiosk_id),))
    conn.execute("INSERT OR IGNORE INTO site_state (key, value) VALUES ('last_seq', '0')")
    for trigger in TRIGGERS:
        conn.execute(trigger)
    if snapshot:
        for statement in SNAPSHOT:
            conn.execute(statement)


def ensure_triggers(conn) -> None:
    """Create the triggers this version adds (each ``IF NOT EXISTS``) on a kiosk that joined
    its site with an older version."""
    for statement in TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
    for trigger in TRIGGERS:
        conn.execute(trigger)


def installed(conn) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'site_outbox'").fetchone() is not None
