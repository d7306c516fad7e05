"""The filing / personal-information-protection impact-assessment report (rule 10).

Built from the configuration and the database alone, as a list of blocks rendered to
Markdown or HTML. It contains counts and policies, never a template, PIN or photo.
Call :func:`filing_report` (text) or :func:`write_filing_report` (file, audited).
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kiosk.audit_events import AuditEvent
from kiosk.config import MAX_IDLE_RETENTION_DAYS, TemplateStorage
from kiosk.domain.notice import NOTICE_VERSION, render_notice
from kiosk.errors import ReportError
from kiosk.files import write_private
from kiosk.policy.filing import filing_status
from kiosk.policy.site import site_status
from kiosk.store.anchor_files import anchor_line

FORMATS = ("md", "html")
Block = tuple[str, object]  # ("h1"|"h2"|"p"|"list"|"table"|"pre", content)


def _counts(store) -> dict[str, int]:
    q = lambda sql: store.query(sql)[0][0]  # noqa: E731
    return {
        "members": q("SELECT count(*) FROM members"),
        "active_members": q("SELECT count(*) FROM members WHERE active = 1"),
        "templates": q("SELECT count(*) FROM face_templates"),
        "consents_active": q("SELECT count(*) FROM consents WHERE withdrawn_at IS NULL"),
        "consents_withdrawn": q("SELECT count(*) FROM consents WHERE withdrawn_at IS NOT NULL"),
        "guardian_consents": q("SELECT count(*) FROM consents WHERE given_by = 'guardian' AND withdrawn_at IS NULL"),
        "purges": q("SELECT count(*) FROM audit WHERE event = 'purge'"),
        "verifications": q("SELECT count(*) FROM audit WHERE event = 'verify'"),
    }


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def build(kiosk, now: datetime | None = None) -> list[Block]:
    now = now or datetime.now(timezone.utc)
    s, store = kiosk.settings, kiosk.store
    c, filing, site, chain = _counts(store), filing_status(store, s), site_status(s), store.audit.report()
    idle = min(s.idle_retention_days, MAX_IDLE_RETENTION_DAYS)
    sample = (now + timedelta(days=idle)).date().isoformat()  # someone enrolling today, pass valid for longer
    key_source = ("environment variable" if store.key_source == "KIOSK_DB_KEY"
                  else "key file readable only by the kiosk user")
    blocks: list[Block] = [
        ("h1", f"Face recognition filing and impact assessment: {s.site_name or '(site name not set)'}"),
        ("p", f"Generated {now.isoformat(timespec='seconds')} by the kiosk software from its own configuration and "
              "database. Legal bases referred to: CAC Measures for the Security Management of Face Recognition "
              "Technology Application (2025), PIPL arts. 28, 29, 31 and 55-56."),
        ("h2", "1. Operator and site"),
        ("table", [("Operator", s.operator_name or "(not set)"), ("Contact", s.operator_contact or "(not set)"),
                   ("Site", s.site_name or "(not set)"), ("Site type", s.site_type),
                   ("Public place", _yes(s.public_place)),
                   ("Face recognition allowed at this site type", _yes(site.face_allowed)),
                   ("Face verification switched on", _yes(s.face_enabled and site.face_allowed))]),
        ("h2", "2. Purpose and method"),
        ("p", "Purpose: to let a pass holder who chooses it pass the gate by checking their face against the template "
              "stored for their own pass (1:1 verification), instead of showing a card or typing a PIN. The visitor "
              "claims an identity first; there is no search of the whole gallery"
              + (" (templates are on the members' passes: no duplicate check can run at enrollment). "
                 if s.templates_on_pass else
                 f", except a duplicate check at enrollment (switched {'on' if s.duplicate_check else 'off'}) so that "
                 "one face cannot be enrolled on two passes. ")
              + "Nothing estimates age, gender, ethnicity, emotion or any other attribute."),
        ("p", "Template storage: on the member's own pass. Enrollment seals the template (AES-256-GCM under the "
              "site's template key) into a code the member keeps; no kiosk stores a template, and any kiosk of the "
              "site reads the pass 1:1 at the gate. In this mode the duplicate check at enrollment cannot run: there "
              "is no gallery to compare with, so one face could be set up on two passes. Withdrawn consents go on a "
              "revocation list (consent references and member numbers only) that every kiosk of the site refuses."
         if s.templates_on_pass else
         "Template storage: at the site. Enrollment seals the template (AES-256-GCM under the site's template key) "
         "at the kiosk before it is sent; the site's server holds only that ciphertext, never the key, and every "
         "kiosk of the site keeps the template in its own encrypted database to check the member 1:1 at any gate. "
         "A withdrawal at any gate deletes it at every kiosk and erases it from the server."
         if s.template_storage == TemplateStorage.SITE else
         "Template storage: on this kiosk only, in the encrypted database."),
        ("h2", "3. Counts"),
        ("table", [("Members", c["members"]), ("Active members", c["active_members"]),
                   *([("People with a face template across the site (the filing count)", filing.people_with_templates),
                      ("of which held at this kiosk", c["templates"])] if filing.this_kiosk is not None else
                     [("People with a stored face template", c["templates"])]),
                   *([("People holding a face pass issued here, not withdrawn (template on the pass; count them "
                       "towards filing)", c["consents_active"])] if s.templates_on_pass else []),
                   ("Filing threshold", s.filing_threshold), ("Share of the threshold", f"{filing.fraction:.2%}"),
                   ("Filing status", filing.message), ("Current consents", c["consents_active"]),
                   ("of which given by a guardian (under 14)", c["guardian_consents"]),
                   ("Withdrawn consents", c["consents_withdrawn"]), ("Verifications recorded", c["verifications"]),
                   ("Retention purges run", c["purges"])]),
        ("h2", "4. Retention"),
        ("list", [f"Each template expires at the earlier of: the pass's end plus {s.grace_days_after_pass} day(s), and "
                  f"{idle} day(s) after it was last used (never more than {MAX_IDLE_RETENTION_DAYS} days).",
                  "Expired templates are deleted automatically at start-up and daily, and with 'kiosk purge'; each "
                  "purge is recorded in the audit trail with its count.",
                  "A member can delete their template at once at the kiosk (\"My data\") or through staff; "
                  "consent records are kept, marked withdrawn, as proof of consent."]),
        ("h2", "5. Security measures"),
        ("list", ["Only a template (128 numbers) is stored; no photo, video, crop or thumbnail is written anywhere. "
                  "Camera frames exist only in memory while processed.",
                  "The database is encrypted with SQLCipher (AES-256) under a random 256-bit key kept outside the "
                  f"database (key source: {key_source}); "
                  "backups stay encrypted; the key can be rotated.",
                  "Templates are never sent over the network; the gate output carries only an 'open' signal.",
                  _liveness_line(s),
                  "PINs (visitor and staff) are stored as argon2id hashes; repeated wrong PINs lock entry with a growing delay.",
                  "Staff sign in with their own PIN; operators and administrators have different rights; every "
                  "staff action is recorded.",
                  f"Audit trail with a SHA-256 hash chain, each record sealed with an HMAC under an audit key kept "
                  f"outside the database: {chain.records} records, "
                  f"{'intact' if chain.ok else 'NOT INTACT: ' + chain.message}. Anchor: "
                  f"{anchor_line(chain.head_seq, chain.head_hash)} (keep this report: 'kiosk audit verify --anchor "
                  "REPORT' later finds any rewrite of the history up to this record).",
                  "Only the visitor's face, the one close and centred, is processed. A clearly smaller face further "
                  "back (someone in the queue) is a bystander: never encoded, tracked, kept or shown (the camera "
                  "picture on screen blurs everything but the visitor's face). A second face about as close as the "
                  "visitor's pauses the check."]),
        ("h2", f"6. Consent notice (version {NOTICE_VERSION})"),
        ("p", "Shown before any face is captured, with equal Accept and Decline buttons and nothing pre-selected. "
              "Under 14, a parent or guardian identifies themselves and consents. The SHA-256 of the exact text "
              "shown is stored with each consent. Text as currently configured, for a member enrolling today "
              "(the pass number and date are filled in per member):"),
    ]
    for lang in ("en", "zh_CN"):
        notice = render_notice(s, "<pass number>", sample, lang)
        blocks.append(("pre", notice.text))
    blocks += [
        ("h2", "7. Data-handling procedure"),
        ("list", ["Collection: only after the member has claimed their pass, entered their PIN and accepted the notice.",
                  "Use: 1:1 comparison at the gate when the member chooses face; card and PIN always remain available.",
                  "Access: staff see counts and dates, never templates; administrators manage settings, exports and backups.",
                  "Deletion: on withdrawal at once; on expiry by the daily purge; on request through staff.",
                  "Backups: encrypted copies made with 'kiosk backup', stored offline; restore checks the audit trail.",
                  "Incidents: a broken audit chain is shown on the dashboard and by 'kiosk doctor'; keep the file, "
                  "inform the operator's contact above and the regulator as required, restore the last good backup."]),
        ("h2", "8. Impact assessment"),
        ("table", _assessment(s, site, filing)),
    ]
    return blocks


def _liveness_line(s) -> str:
    """What the liveness check stops with a colour camera, and what it does not (stated, not implied)."""
    if s.liveness == "off":
        return ("Presentation attacks: the liveness check is switched OFF, so a photo or a screen showing a member "
                "could verify. Switch it on ('kiosk settings set liveness both').")
    return (f"Presentation attacks: a face counts only when the liveness check ({s.liveness}) passes; whoever cannot "
            "pass it uses the PIN. With a colour camera it stops prints and photos held, tilted, warped or mirrored, "
            "slideshows of photos and a photo swapped in for a moment (measured with 'kiosk pad-eval --live'); a still "
            "photo on a phone screen does not turn and is refused too. It does not reliably stop a video of the member "
            "replayed on a screen in the prompted order, a 3D rendering or a mask: against a replayed video only the "
            "passive check is left, and at its calibrated threshold (about 5 % of genuine faces refused) it takes "
            "about two thirds of phone-screen pictures for a person. A site that needs that uses an infrared or "
            "depth camera.")


def _assessment(s, site, filing) -> list[tuple[str, str]]:
    return [
        ("Is the purpose specific and is face recognition necessary for it?",
         "Yes: faster gate entry for members who choose it. It is never required: card and PIN come first and work alike."),
        ("Is there a non-biometric alternative of equal convenience?", "Yes: pass card, PIN, or staff; declining costs nothing."),
        ("Is it used in a private space where it is banned?",
         "No." if site.face_allowed else f"The site type is {s.site_type}: face features are switched off."),
        ("Is the site a public place?", _yes(s.public_place)),
        ("Is identification (1:N search) used?", "No, only 1:1 verification after a claim"
         + ("; templates are on the members' passes, so no duplicate check can run at enrollment."
            if s.templates_on_pass else "; plus a duplicate check at enrollment." if s.duplicate_check else ".")),
        ("Are minors' data handled with guardian consent?", "Yes: under 14 only with a parent's or guardian's consent."),
        ("Is the data kept locally and encrypted?",
         "Yes: only on the member's own pass, sealed with the site's key; no kiosk keeps it; never transmitted."
         if s.templates_on_pass else
         "Yes: in each kiosk of the site, SQLCipher-encrypted; sent only sealed under the site's key, which the "
         "site's server never holds." if s.template_storage == TemplateStorage.SITE else
         "Yes: only on this kiosk, SQLCipher-encrypted; never transmitted."),
        ("Is retention the shortest needed?", f"Pass end + {s.grace_days_after_pass} days, or {s.idle_retention_days} days unused."),
        ("Is the match threshold set from the operator's own calibration?", f"Threshold {s.match_threshold:.2f} (lower is stricter)."),
        ("Is filing with the regulator required?",
         "Yes: the threshold is reached." if filing.level == "reached" else
         f"Not yet ({filing.people_with_templates} of {filing.threshold}); staff are warned from "
         f"{s.filing_warn_fraction:.0%}."),
        ("Residual risks and mitigation",
         "Wrong accept: strict threshold, limited retries, PIN fallback. Loss of the device: encryption, key kept "
         "apart. Tampering with records: hash chain verified daily and on demand."),
    ]


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _items(content: object) -> list[object]:
    """A "list" block's items."""
    return list(content) if isinstance(content, (list, tuple)) else [content]


def _rows(content: object) -> list[tuple[object, object]]:
    """A "table" block's (item, value) rows."""
    return [(row[0], row[1]) for row in _items(content) if isinstance(row, (list, tuple)) and len(row) == 2]


def to_markdown(blocks: list[Block]) -> str:
    out = []
    for kind, content in blocks:
        if kind == "h1":
            out.append(f"# {content}")
        elif kind == "h2":
            out.append(f"## {content}")
        elif kind == "p":
            out.append(str(content))
        elif kind == "list":
            out.append("\n".join(f"- {item}" for item in _items(content)))
        elif kind == "table":
            out.append("| Item | Value |\n|---|---|\n" + "\n".join(f"| {_md_cell(a)} | {_md_cell(b)} |" for a, b in _rows(content)))
        elif kind == "pre":
            out.append("```text\n" + str(content) + "\n```")
    return "\n\n".join(out) + "\n"


def to_html(blocks: list[Block]) -> str:
    e = html.escape
    body = []
    for kind, content in blocks:
        if kind in ("h1", "h2", "p"):
            body.append(f"<{kind}>{e(str(content))}</{kind}>")
        elif kind == "list":
            body.append("<ul>" + "".join(f"<li>{e(str(i))}</li>" for i in _items(content)) + "</ul>")
        elif kind == "table":
            body.append("<table>" + "".join(f"<tr><th>{e(str(a))}</th><td>{e(str(b))}</td></tr>" for a, b in _rows(content)) + "</table>")
        elif kind == "pre":
            body.append(f"<pre>{e(str(content))}</pre>")
    title = e(str(blocks[0][1]))
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
             "th,td{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}pre{white-space:pre-wrap}")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def filing_report(kiosk, fmt: str = "md", now: datetime | None = None) -> str:
    if fmt not in FORMATS:
        raise ReportError(f"Unknown report format {fmt!r}.", remedy="Use md or html.")
    blocks = build(kiosk, now)
    return to_markdown(blocks) if fmt == "md" else to_html(blocks)


#: the file suffixes the report can be written as, and the format each one means
SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "md", ".html": "html", ".htm": "html"}


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format of a report written to ``path``: from its suffix, which must agree with
    ``fmt`` when both are given; a suffix the report cannot be written as is refused (a
    ``.pdf`` must not silently hold Markdown)."""
    suffix = Path(path).suffix.lower()
    known = ", ".join(SUFFIXES)
    if suffix not in SUFFIXES and (suffix or fmt is None):
        raise ReportError(f"Cannot write the filing report as {Path(path).name}: it can be written as {known} only.",
                          remedy="Choose a file name ending in .md (Markdown) or .html.")
    if fmt is not None and suffix and SUFFIXES[suffix] != fmt:
        raise ReportError(f"{Path(path).name} is not a name for a {fmt} report.",
                          remedy=f"End the file name in .{fmt}, or leave out --format.")
    return fmt or SUFFIXES[suffix]


def write_filing_report(kiosk, path: Path, fmt: str | None = None, actor: str = "cli") -> Path:
    """Write the report (format from ``fmt`` or the file suffix) and audit the export."""
    path = Path(path)
    kiosk.store.refuse_own_files(path)
    fmt = format_for(path, fmt)
    text = filing_report(kiosk, fmt)
    try:
        write_private(path, text)
    except OSError as exc:
        raise ReportError(f"Cannot write {path}: {exc.strerror}.", remedy="Choose a folder you can write to.") from None
    kiosk.store.audit.append(AuditEvent.REPORT_EXPORTED, actor, None, kind="filing", format=fmt)
    return path
