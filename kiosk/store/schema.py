"""Versioned schema migrations. ``PRAGMA user_version`` holds the applied version.

No column can hold an image: the only BLOB column is the 512-byte face template
(128 float32 values), enforced by a CHECK, and free-text columns have length limits.
"""

from __future__ import annotations

TEMPLATE_BYTES = 128 * 4

MIGRATIONS: list[str] = [
    # 1: initial schema
    f"""
    CREATE TABLE members (
        member_no TEXT PRIMARY KEY CHECK (length(member_no) BETWEEN 1 AND 32),
        display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        birth_date TEXT CHECK (birth_date IS NULL OR length(birth_date) = 10),
        valid_until TEXT NOT NULL CHECK (length(valid_until) = 10),
        card_id TEXT UNIQUE CHECK (card_id IS NULL OR length(card_id) BETWEEN 1 AND 64),
        pin_hash TEXT CHECK (pin_hash IS NULL OR length(pin_hash) < 200),
        pin_failures INTEGER NOT NULL DEFAULT 0,
        pin_locked_until REAL NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        created TEXT NOT NULL CHECK (length(created) <= 40)
    );
    CREATE TABLE consents (
        id INTEGER PRIMARY KEY,
        member_no TEXT NOT NULL REFERENCES members(member_no) CHECK (length(member_no) <= 32),
        notice_version TEXT NOT NULL CHECK (length(notice_version) <= 32),
        notice_sha256 TEXT NOT NULL CHECK (length(notice_sha256) = 64),
        given_by TEXT NOT NULL CHECK (given_by IN ('self', 'guardian')),
        guardian_ref TEXT CHECK (guardian_ref IS NULL OR length(guardian_ref) <= 64),
        guardian_name TEXT CHECK (guardian_name IS NULL OR length(guardian_name) <= 120),
        age_band TEXT NOT NULL CHECK (age_band IN ('14_or_older', 'under_14')),
        method TEXT NOT NULL CHECK (length(method) <= 32),
        language TEXT NOT NULL CHECK (length(language) <= 8),
        given_at TEXT NOT NULL CHECK (length(given_at) <= 40),
        withdrawn_at TEXT CHECK (withdrawn_at IS NULL OR length(withdrawn_at) <= 40)
    );
    CREATE TABLE face_templates (
        member_no TEXT PRIMARY KEY REFERENCES members(member_no) CHECK (length(member_no) <= 32),
        template BLOB NOT NULL CHECK (typeof(template) = 'blob' AND length(template) = {TEMPLATE_BYTES}),
        model_id TEXT NOT NULL CHECK (length(model_id) <= 64),
        created TEXT NOT NULL CHECK (length(created) <= 40),
        last_used TEXT NOT NULL CHECK (length(last_used) <= 40),
        expires TEXT NOT NULL CHECK (length(expires) <= 40),
        consent_id INTEGER NOT NULL REFERENCES consents(id)
    );
    CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
        role TEXT NOT NULL CHECK (role IN ('operator', 'administrator')),
        pin_hash TEXT NOT NULL CHECK (length(pin_hash) < 200),
        pin_failures INTEGER NOT NULL DEFAULT 0,
        pin_locked_until REAL NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        created TEXT NOT NULL CHECK (length(created) <= 40)
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL CHECK (length(ts) <= 40),
        event TEXT NOT NULL CHECK (length(event) <= 48),
        actor TEXT NOT NULL CHECK (length(actor) <= 80),
        subject TEXT CHECK (subject IS NULL OR length(subject) <= 80),
        detail TEXT NOT NULL CHECK (length(detail) <= 2000),
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL CHECK (length(hash) = 64)
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY CHECK (length(key) <= 64),
        value TEXT NOT NULL CHECK (length(value) <= 2000)
    );
    CREATE INDEX idx_members_card ON members(card_id);
    CREATE INDEX idx_templates_expires ON face_templates(expires);
    CREATE INDEX idx_consents_member ON consents(member_no);
    CREATE INDEX idx_audit_event ON audit(event);
    """,
    # 2: audit head marker (detects removal of the last records), small key/value state
    f"""
    CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        count INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        last_hash TEXT NOT NULL CHECK (length(last_hash) = 64)
    );
    INSERT INTO audit_head (id, count, last_seq, last_hash)
        SELECT 1, count(*), coalesce(max(seq), 0),
               coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), '{"0" * 64}') FROM audit;
    CREATE TABLE meta (
        key TEXT PRIMARY KEY CHECK (length(key) <= 64),
        value TEXT NOT NULL CHECK (length(value) <= 200)
    );
    """,
    # 3: alerts for staff (help requests, lockouts, gate failures...): no biometric data, no PIN
    """
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('help_requested', 'pin_locked', 'face_failures', 'gate_failed', 'liveness_refused')),
        raised_at TEXT NOT NULL CHECK (length(raised_at) <= 40),
        last_at TEXT NOT NULL CHECK (length(last_at) <= 40),
        repeats INTEGER NOT NULL DEFAULT 1 CHECK (repeats >= 1),
        member_no TEXT CHECK (member_no IS NULL OR length(member_no) <= 32),
        note TEXT CHECK (note IS NULL OR length(note) <= 300),
        acknowledged_at TEXT CHECK (acknowledged_at IS NULL OR length(acknowledged_at) <= 40),
        acknowledged_by TEXT CHECK (acknowledged_by IS NULL OR length(acknowledged_by) <= 80)
    );
    CREATE INDEX idx_alerts_open ON alerts(acknowledged_at, last_at);
    """,
    # 4: the revocation list for face passes: consent references and member numbers, no biometric data
    """
    CREATE TABLE pass_revocations (
        kind TEXT NOT NULL CHECK (kind IN ('consent', 'member')),
        ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 40),
        revoked_at TEXT NOT NULL CHECK (length(revoked_at) <= 40),
        PRIMARY KEY (kind, ref)
    );
    """,
    # 5: the audit trail sealed with an HMAC per record (and on the head) under an audit key kept
    #    beside the key file; the existing plain chain is sealed in the same transaction (KEYED_AUDIT)
    """
    ALTER TABLE audit ADD COLUMN key_id INTEGER CHECK (key_id IS NULL OR key_id >= 1);
    ALTER TABLE audit ADD COLUMN mac TEXT CHECK (mac IS NULL OR length(mac) = 64);
    ALTER TABLE audit_head ADD COLUMN key_id INTEGER;
    ALTER TABLE audit_head ADD COLUMN mac TEXT CHECK (mac IS NULL OR length(mac) = 64);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
#: The version whose migration seals the plain audit chain (a step in Python: the key is not in the database).
KEYED_AUDIT = 5
