"""The site's PostgreSQL database: its schema, its roles and what a kiosk may do there.

Tables (all in the database the site URL names):

- ``kiosks``: one row per kiosk: its name, its own PostgreSQL role, its seat (NULL for a gate,
  ``office`` for the office's staff console, which has no camera and no gate), its last contact,
  queued changes and version (``kiosk site status``), and the health it reports with each
  exchange: its screen's last heartbeat, camera, face engine, screen in view (a kind, never
  who) and liveness refusals in the last 24 hours (the staff console).
- ``changes``: the change log. ``seq`` (bigserial) is the server's order; ``(kiosk_id,
  kiosk_seq)`` is unique, so a push that is retried after a lost answer adds nothing. A push
  holds a transaction-level advisory lock while it inserts, so the change log's order is also
  its commit order and a reader that has seen ``seq`` N never later finds a smaller one.
  Every insert notifies ``site_changes`` (LISTEN/NOTIFY, delivered at commit).
- ``audit``: every kiosk's own audit chain, record by record with its hash and seal.
- ``join_codes``: one-time join codes (their hash only).

Privileges: each kiosk logs in as its own role, a member of its site's group role (one per
database, ``kiosk_site_`` and a digest of the database's name, so that kiosks of two sites on
one server never share privileges; the database's CONNECT is taken from PUBLIC). That role
may read the change log and the audit table and append to them, only under its own kiosk id
(row-level security), and never update or delete a change or an audit record. It may update
only its own row of ``kiosks``. It cannot read ``join_codes`` at all.

- ``site``: the site's name, schema version and the id of its template key (a key id is not
  secret: it is printed on every face pass).

The server never holds an image, a PIN, a plaintext template or a key: member rows carry PIN
hashes (argon2id). A template in site storage (``template_storage = site``) arrives sealed
(AES-256-GCM under the site key, which never reaches the server), as base64 text inside the
change's ``body``; no column is binary. A withdrawal erases the sealed template from every
change that carries it (``site_forget_templates``, the one change a kiosk's append makes to
earlier rows), including an enrollment made at the same time at another kiosk.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from kiosk.errors import SiteError

if TYPE_CHECKING:
    import psycopg

SCHEMA_VERSION = 2
GROUP_ROLE = "<kiosk group>"  # in SCHEMA: replaced by the site's own group role (group_role)
CHANNEL = "site_changes"
PUSH_LOCK = 7_402_211  # the advisory lock that orders pushes

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS site (
    id integer PRIMARY KEY CHECK (id = 1),
    name text NOT NULL,
    schema_version integer NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id serial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    role text NOT NULL UNIQUE,
    joined timestamptz,
    last_contact timestamptz,
    queued integer NOT NULL DEFAULT 0,
    version text,
    last_seq bigint NOT NULL DEFAULT 0,
    audit_seq bigint NOT NULL DEFAULT 0,
    audit_hash text
);
-- what each kiosk reports of its own health at each exchange (the staff console); added to older sites
ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS heartbeat timestamptz;
ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS camera text CHECK (length(camera) <= 20);
ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS engine text CHECK (length(engine) <= 20);
ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS screen text CHECK (length(screen) <= 30);
ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS liveness_refusals integer;
-- what each member of the site is: NULL a gate, 'office' the office's staff console (set once, at joining)
ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS seat text CHECK (seat IN ('office'));
CREATE TABLE IF NOT EXISTS join_codes (
    role text PRIMARY KEY,
    issued timestamptz NOT NULL DEFAULT now(),
    used timestamptz
);
CREATE TABLE IF NOT EXISTS changes (
    seq bigserial PRIMARY KEY,
    kiosk_id integer NOT NULL REFERENCES kiosks(kiosk_id),
    kiosk_seq bigint NOT NULL,
    base_seq bigint NOT NULL,
    tbl text NOT NULL CHECK (length(tbl) <= 32),
    op text NOT NULL CHECK (length(op) <= 32),
    body jsonb NOT NULL,
    made text NOT NULL,
    received timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kiosk_id, kiosk_seq)
);
CREATE TABLE IF NOT EXISTS audit (
    kiosk_id integer NOT NULL REFERENCES kiosks(kiosk_id),
    seq bigint NOT NULL,
    ts text NOT NULL,
    event text NOT NULL,
    actor text NOT NULL,
    subject text,
    detail text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    key_id integer,
    mac text,
    PRIMARY KEY (kiosk_id, seq)
);

ALTER TABLE site ADD COLUMN IF NOT EXISTS template_key text;
ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS templates integer NOT NULL DEFAULT 0;

-- a withdrawal wins: the sealed template of a withdrawn consent, or of an enrollment made at
-- another kiosk that had not seen the withdrawal, is erased from the change log
CREATE OR REPLACE FUNCTION site_forget_templates() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS $$
BEGIN
    IF NEW.tbl = 'face_templates' AND NEW.body ? 'sealed' AND EXISTS (
            SELECT 1 FROM changes w WHERE w.tbl = 'consents' AND w.op = 'withdraw'
            AND w.body->>'member_no' = NEW.body->>'member_no'
            AND (w.body->>'gid' = NEW.body->>'consent' OR (w.kiosk_id <> NEW.kiosk_id AND w.seq > NEW.base_seq))) THEN
        NEW.body := (NEW.body - 'sealed' - 'nonce') || jsonb_build_object('withdrawn', true);
    END IF;
    IF NEW.tbl = 'consents' AND NEW.op = 'withdraw' THEN
        UPDATE changes SET body = (body - 'sealed' - 'nonce') || jsonb_build_object('withdrawn', true)
            WHERE tbl = 'face_templates' AND body ? 'sealed' AND body->>'member_no' = NEW.body->>'member_no'
            AND (body->>'consent' = NEW.body->>'gid' OR (kiosk_id <> NEW.kiosk_id AND seq > NEW.base_seq));
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS changes_forget_templates ON changes;
CREATE TRIGGER changes_forget_templates BEFORE INSERT ON changes FOR EACH ROW EXECUTE FUNCTION site_forget_templates();

CREATE OR REPLACE FUNCTION site_kiosk_id() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public AS $$ SELECT kiosk_id FROM kiosks WHERE role = session_user $$;

CREATE OR REPLACE FUNCTION site_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$;
DROP TRIGGER IF EXISTS changes_notify ON changes;
CREATE TRIGGER changes_notify AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION site_notify();

-- joining: the one-time role of a join code registers its kiosk once
CREATE OR REPLACE FUNCTION site_register(kiosk_name text, version text) RETURNS integer LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public AS $$
DECLARE id integer;
BEGIN
    PERFORM 1 FROM join_codes WHERE role = session_user AND used IS NULL FOR UPDATE;
    IF NOT FOUND THEN RAISE EXCEPTION 'this join code was used already'; END IF;
    IF EXISTS (SELECT 1 FROM kiosks WHERE name = kiosk_name) THEN
        RAISE EXCEPTION 'the site has a kiosk called % already', kiosk_name;
    END IF;
    UPDATE join_codes SET used = now() WHERE role = session_user;
    INSERT INTO kiosks (name, role, joined, last_contact, version) VALUES (kiosk_name, session_user, now(), now(), version)
        RETURNING kiosk_id INTO id;
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', session_user, 'infinity');
    RETURN id;
END $$;
-- an office console seat joins the same way and is marked as one
CREATE OR REPLACE FUNCTION site_register(kiosk_name text, version text, seat_kind text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE id integer;
BEGIN
    id := site_register(kiosk_name, version);
    UPDATE kiosks SET seat = seat_kind WHERE kiosk_id = id;
    RETURN id;
END $$;

ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE kiosks ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS changes_read ON changes;
DROP POLICY IF EXISTS changes_own ON changes;
DROP POLICY IF EXISTS audit_read ON audit;
DROP POLICY IF EXISTS audit_own ON audit;
DROP POLICY IF EXISTS kiosks_read ON kiosks;
DROP POLICY IF EXISTS kiosks_own ON kiosks;
CREATE POLICY changes_read ON changes FOR SELECT USING (true);
CREATE POLICY changes_own ON changes FOR INSERT WITH CHECK (kiosk_id = site_kiosk_id());
CREATE POLICY audit_read ON audit FOR SELECT USING (true);
CREATE POLICY audit_own ON audit FOR INSERT WITH CHECK (kiosk_id = site_kiosk_id());
CREATE POLICY kiosks_read ON kiosks FOR SELECT USING (true);
CREATE POLICY kiosks_own ON kiosks FOR UPDATE USING (role = session_user) WITH CHECK (role = session_user);

REVOKE ALL ON site, kiosks, join_codes, changes, audit FROM PUBLIC;
REVOKE ALL ON FUNCTION site_register(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION site_register(text, text, text) FROM PUBLIC;
GRANT SELECT ON site TO {GROUP_ROLE};
GRANT SELECT ON kiosks TO {GROUP_ROLE};
GRANT UPDATE (last_contact, queued, version, last_seq, audit_seq, audit_hash, templates) ON kiosks TO {GROUP_ROLE};
GRANT UPDATE (heartbeat, camera, engine, screen, liveness_refusals) ON kiosks TO {GROUP_ROLE};
GRANT SELECT, INSERT ON changes, audit TO {GROUP_ROLE};
GRANT USAGE ON SEQUENCE changes_seq_seq TO {GROUP_ROLE};
GRANT EXECUTE ON FUNCTION site_register(text, text) TO {GROUP_ROLE};
GRANT EXECUTE ON FUNCTION site_register(text, text, text) TO {GROUP_ROLE};
"""


def connect(url: str, *, user: str | None = None, password: str | None = None,
            autocommit: bool = True, timeout: float = 10) -> "psycopg.Connection":
    """A connection to the site. ``sslmode``, ``sslrootcert`` and the rest of the URL's
    parameters go to libpq as they are (``sslmode=verify-full`` checks the server's
    certificate and name). Failures become :class:`SiteError` without the password. In
    autocommit mode, so each ``conn.transaction()`` block is one server transaction of its own."""
    import psycopg

    kwargs: dict[str, object] = {"autocommit": autocommit, "connect_timeout": max(1, int(timeout))}
    if user is not None:
        kwargs["user"] = user
    if password is not None:
        kwargs["password"] = password
    try:
        return psycopg.connect(url, **kwargs)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        raise SiteError(f"Cannot reach the site's server: {one_line(exc)}.",
                        remedy="Check the site URL, the network and the server; this kiosk goes on on its own store.") \
            from None


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300].rstrip(".?") or type(exc).__name__


def group_role(conn: "psycopg.Connection") -> str:
    """The group role of the kiosks of the site in this database: one per database, so a kiosk
    of one site holds no privilege in another site's database on the same server."""
    database = conn.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    return "kiosk_site_" + hashlib.sha256(str(database).encode()).hexdigest()[:16]


def create_schema(conn: "psycopg.Connection", name: str, template_key: str | None = None) -> None:
    """Create (or bring up to date) the site's tables, group role and privileges, as the
    database's owner, and publish the id of the site's template key. Runs in one transaction."""
    group = group_role(conn)
    with conn.transaction():
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone() is None:
            conn.execute(f"CREATE ROLE {group} NOLOGIN")
        conn.execute(SCHEMA.replace(GROUP_ROLE, group))
        conn.execute("INSERT INTO site (id, name, schema_version) VALUES (1, %s, %s) ON CONFLICT (id) DO NOTHING",
                     (name, SCHEMA_VERSION))
        conn.execute("UPDATE site SET schema_version = %s, template_key = coalesce(template_key, %s)",
                     (SCHEMA_VERSION, template_key))
        database = conn.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        conn.execute(f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC')
        conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {group}')


def issue_code(conn: "psycopg.Connection", *, hours: int = 24) -> str:
    """A one-time join code: a new login role (a member of the kiosks' group) whose password
    is the code, valid ``hours``. Joining registers the kiosk and
    replaces the password at once, so the code logs in only once. Returns ``ROLE.SECRET``."""
    from psycopg import sql

    role = f"kiosk_{secrets.token_hex(5)}"
    secret = secrets.token_urlsafe(18)
    with conn.transaction():
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE {} PASSWORD {} VALID UNTIL {}").format(
            sql.Identifier(role), sql.Identifier(group_role(conn)), sql.Literal(secret),
            sql.Literal(_valid_until(conn, hours))))
        conn.execute("INSERT INTO join_codes (role) VALUES (%s)", (role,))
    return f"{role}.{secret}"


def _valid_until(conn: "psycopg.Connection", hours: int) -> str:
    return str(conn.execute("SELECT (now() + make_interval(hours => %s))::text", (hours,)).fetchone()[0])  # type: ignore[index]


def split_code(code: str) -> tuple[str, str]:
    role, _, secret = code.strip().partition(".")
    if not role.startswith("kiosk_") or not secret:
        raise SiteError("That is not a join code of a site.",
                        remedy="Ask an administrator for a code ('kiosk site code').")
    return role, secret


def register(conn: "psycopg.Connection", role: str, name: str, version: str, *, office: bool = False
             ) -> tuple[int, str]:
    """Join with a code's role: register the kiosk (``office``: as the office's console seat)
    and set a new password only this kiosk knows. Returns (kiosk id, new password)."""
    import psycopg
    from psycopg import sql

    password = secrets.token_urlsafe(32)
    with conn.transaction():
        try:
            if office:
                kiosk_id = conn.execute("SELECT site_register(%s, %s, 'office')",
                                        (name, version)).fetchone()[0]  # type: ignore[index]
            else:
                kiosk_id = conn.execute("SELECT site_register(%s, %s)", (name, version)).fetchone()[0]  # type: ignore[index]
        except psycopg.errors.UndefinedFunction:
            raise SiteError("The site's server does not know office console seats yet; nothing was joined and the "
                            "code is still good.",
                            remedy="The site's database was set up by an older version: its owner brings the "
                                   "schema up to date before an office joins.") from None
        except Exception as exc:  # noqa: BLE001  # whatever the server says, the code was refused: one line
            raise SiteError(f"The site refused the join code: {one_line(exc)}.",
                            remedy="Ask an administrator for a new code.") from None
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
    return int(kiosk_id), password
