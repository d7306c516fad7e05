"""The encrypted store: keys, wrong key, reopen, migrations, WAL, secure_delete, rekey."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest
import sqlcipher3

from kiosk.config import Paths
from kiosk.errors import KeyMissingError, KioskError, SchemaTooNewError, WrongKeyError
from kiosk.store import keys
from kiosk.store.db import open_store
from kiosk.store.schema import SCHEMA_VERSION


def test_first_run_creates_0600_key_and_encrypted_db(data_dir):
    store = open_store(Paths(data_dir), create=True)
    store.audit.append("hello")
    store.close()
    key_file = data_dir / "kiosk.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / "kiosk.db").stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    assert not (data_dir / "kiosk.db").read_bytes().startswith(b"SQLite format 3")


def test_reopen_keeps_data_and_settings(data_dir):
    store = open_store(Paths(data_dir), create=True)
    store.members.upsert_many([{"member_no": "M1", "display_name": "A", "birth_date": None, "valid_until": "2030-01-01", "card_id": None}])
    store.close()
    store = open_store(Paths(data_dir))
    assert store.members.get("M1").display_name == "A"
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("secure_delete") == 1
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_wrong_key_is_clear_and_leaves_file_untouched(data_dir, monkeypatch):
    open_store(Paths(data_dir), create=True).close()
    db = data_dir / "kiosk.db"
    before = db.read_bytes()
    monkeypatch.setenv(keys.ENV_VAR, "ab" * 32)
    with pytest.raises(WrongKeyError) as err:
        open_store(Paths(data_dir), create=True)
    assert "key does not match" in str(err.value) and keys.ENV_VAR in str(err.value)
    assert db.read_bytes() == before


def test_missing_key_never_recreates_database(data_dir):
    open_store(Paths(data_dir), create=True).close()
    (data_dir / "kiosk.key").unlink()
    before = (data_dir / "kiosk.db").read_bytes()
    with pytest.raises(KeyMissingError) as err:
        open_store(Paths(data_dir), create=True)
    assert "Restore the key file" in str(err.value)
    assert (data_dir / "kiosk.db").read_bytes() == before
    assert not (data_dir / "kiosk.key").exists()


def test_malformed_env_key(data_dir, monkeypatch):
    monkeypatch.setenv(keys.ENV_VAR, "not-hex")
    with pytest.raises(WrongKeyError, match="64 hexadecimal"):
        open_store(Paths(data_dir), create=True)


def test_env_key_is_used_as_raw_key(data_dir, monkeypatch):
    monkeypatch.setenv(keys.ENV_VAR, "0f" * 32)
    open_store(Paths(data_dir), create=True).close()
    assert not (data_dir / "kiosk.key").exists()
    conn = sqlcipher3.connect(str(data_dir / "kiosk.db"))
    conn.execute("PRAGMA key = \"x'" + "0f" * 32 + "'\"")
    assert conn.execute("SELECT count(*) FROM members").fetchone() == (0,)
    conn.close()


def test_explicit_key_file(data_dir, tmp_path):
    key_file = tmp_path / "elsewhere.key"
    keys.write_key_file(key_file, "12" * 32)
    open_store(Paths(data_dir, key_file), create=True).close()
    assert not (data_dir / "kiosk.key").exists()
    open_store(Paths(data_dir, key_file)).close()


def test_corrupt_file_reports_and_is_kept(data_dir):
    open_store(Paths(data_dir), create=True).close()
    db = data_dir / "kiosk.db"
    db.write_bytes(b"garbage" * 1000)
    with pytest.raises(WrongKeyError, match="damaged"):
        open_store(Paths(data_dir))
    assert db.read_bytes() == b"garbage" * 1000


def test_no_database_without_init(data_dir):
    with pytest.raises(KioskError, match="kiosk init"):
        open_store(Paths(data_dir))


def test_migration_from_older_version_and_refusal_of_newer(data_dir):
    store = open_store(Paths(data_dir), create=True)
    assert store.schema_version == SCHEMA_VERSION
    store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    with pytest.raises(SchemaTooNewError, match="Upgrade"):
        open_store(Paths(data_dir))


def test_migrations_apply_in_order(data_dir, monkeypatch):
    from kiosk.store import db as dbmod

    extra = dbmod.MIGRATIONS + ["CREATE TABLE extra_table (id INTEGER PRIMARY KEY)"]
    open_store(Paths(data_dir), create=True).close()
    monkeypatch.setattr(dbmod, "MIGRATIONS", extra)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", len(extra))
    store = open_store(Paths(data_dir))
    assert store.schema_version == len(extra)
    assert "extra_table" in store.db.table_names()
    store.close()


def test_rekey_then_reopen_and_old_key_fails(data_dir):
    store = open_store(Paths(data_dir), create=True)
    store.audit.append("x")
    new = "cd" * 32
    store.rekey(new)
    store.close()
    old_key = (data_dir / "kiosk.key").read_text().strip()
    keys.write_key_file(data_dir / "kiosk.key", new)
    store = open_store(Paths(data_dir))
    assert store.audit.count() == 1
    store.close()
    keys.write_key_file(data_dir / "kiosk.key", old_key)
    with pytest.raises(WrongKeyError):
        open_store(Paths(data_dir))


def test_no_column_can_hold_an_image(data_dir):
    """The only BLOB column is the 512-byte template; inserting image-sized data fails."""
    store = open_store(Paths(data_dir), create=True)
    blob_columns = []
    for table in store.db.table_names():
        for col in store.db[table].columns:
            if col.type.upper() == "BLOB":
                blob_columns.append((table, col.name))
            if col.type.upper() == "TEXT":
                sql = store.db[table].schema
                bounded = f"length({col.name})" in sql or f"{col.name} IN (" in sql
                assert bounded, f"{table}.{col.name} has no length limit"
    assert blob_columns == [("face_templates", "template")]
    store.members.upsert_many([{"member_no": "M1", "display_name": "A", "birth_date": None, "valid_until": "2030-01-01", "card_id": None}])
    cid = store.consents.add(member_no="M1", notice_version="v", notice_sha256="0" * 64, given_by="self",
                             age_band="14_or_older", method="t", language="en")
    with pytest.raises(sqlcipher3.IntegrityError):
        with store.transaction() as c:
            c.execute("INSERT INTO face_templates VALUES ('M1', ?, 'm', 'x', 'x', 'x', ?)", (os.urandom(50_000), cid))
    store.templates.put("M1", np.ones(128, np.float32), "m", "2030-01-01", cid)
    gallery = store.templates.gallery()
    assert gallery.ids == ["M1"] and gallery.matrix.shape == (1, 128)
    store.close()


def test_settings_roundtrip(kiosk_app):
    s = kiosk_app.settings.replace(operator_name="Zoo Ltd", match_threshold=0.45)
    changed = kiosk_app.save_settings(s, actor="test")
    assert set(changed) == {"operator_name", "match_threshold"}
    assert kiosk_app.store.settings.load().operator_name == "Zoo Ltd"
    events = [r.event for r in kiosk_app.store.audit.records(event="setting_changed")]
    assert len(events) == 2


def test_no_column_holds_attributes_estimated_from_a_face(data_dir):
    """Rule 7: no race, ethnicity, religion, health, class, age, gender or emotion anywhere.
    (consents.age_band is the age the visitor declared, or from the birth date, never estimated.)"""
    store = open_store(Paths(data_dir), create=True)
    columns = {(t, c.name) for t in store.db.table_names() for c in store.db[t].columns}
    store.close()
    words = {(t, w) for t, c in columns for w in c.split("_")}
    banned = {"race", "ethnicity", "religion", "health", "class", "gender", "sex", "emotion", "mood", "estimated"}
    assert not [tw for tw in words if tw[1] in banned]
    assert [tw for tw in words if tw[1] == "age"] == [("consents", "age")]  # age_band: declared, not estimated


def _member_row(no: str) -> dict:
    return {"member_no": no, "display_name": "A", "birth_date": None, "valid_until": "2030-01-01", "card_id": None}


def test_transactions_nest_as_savepoints(data_dir):
    store = open_store(Paths(data_dir), create=True)
    try:
        with store.transaction():
            store.members.upsert_many([_member_row("M1")])  # a repository joins the outer unit of work
            with pytest.raises(KioskError):
                with store.transaction():
                    store.members.upsert_many([_member_row("M2")])
                    raise KioskError("inner step refused")
            assert store.in_transaction
        assert not store.in_transaction
        assert store.members.get("M1") is not None and store.members.get("M2") is None
        with pytest.raises(KioskError):
            with store.transaction():
                store.members.upsert_many([_member_row("M3")])
                store.audit.append("members_imported", count=1)
                raise KioskError("outer step refused")
        assert store.members.get("M3") is None
        assert [r.event for r in store.audit.records()] == []
        assert store.audit.report().ok
    finally:
        store.close()
