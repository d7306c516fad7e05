"""What `kiosk audit verify` prints: the checks that ran, the anchors checked (how many, the
newest), the anchors of a history that a restore replaced; or all of it as JSON."""

from __future__ import annotations

import json

from kiosk.ops import AuditReport


def _lines(sources: list[str]) -> str:
    """"lines 2, 3 of audit-anchors.txt" from each anchor's "line N of FILE"."""
    found = [s.split(" ", 2) for s in sources if s.startswith("line ")]
    if not found:
        return ""
    numbers = ", ".join(number for _, number, _ in found)
    return f"line{'s' if len(found) > 1 else ''} {numbers} {found[0][2]}"


def verify_lines(r: AuditReport, anchor_seq: int | None = None) -> list[str]:
    """An intact trail, in words (three lines at most, one more per restore)."""
    checks = "hash links, HMAC seals and head checked"
    if anchor_seq is not None:
        checks += f"; it matches the anchor at record {anchor_seq}"
    a = r.newest_anchor
    if a is None:
        checks += "; no anchor kept yet"
    else:
        where = ", ".join(x for x in (a.source, "the marker of a restore" if a.restore else "") if x)
        where = f" ({where})" if where else ""
        made = f" made {a.made_at}" if a.made_at else ""
        checks += f"; {r.anchors} anchor(s) checked, the newest{made} at record {a.seq}{where}"
    lines = [f"Audit trail intact: {r.records} records ({checks})."]
    for g in r.replaced:
        where = _lines([x.source for x in g.anchors])
        lines.append(f"{len(g.anchors)} anchor(s) kept before the restore at {g.restore.made_at}"
                     f"{f' ({where})' if where else ''} name records after record {g.base_seq}, in the history "
                     "that restore replaced: they are not checked against this trail.")
    lines.append(f"Head hash {r.head_hash} at record {r.head_seq}: keep it outside the kiosk "
                 "('kiosk audit anchor --out FILE').")
    return lines


def _anchor(a) -> dict | None:
    if a is None:
        return None
    return {"seq": a.seq, "hash": a.hash, "made_at": a.made_at or None, "source": a.source or None,
            "restore_marker": a.restore}


def verify_json(r: AuditReport) -> str:
    """The outcome for scripts: the same facts, failed or not."""
    return json.dumps({
        "ok": r.ok, "records": r.records, "head_seq": r.head_seq, "head_hash": r.head_hash,
        "check": r.check.value if r.check else None, "problem": r.problem, "first_bad_seq": r.first_bad_seq,
        "message": r.message,
        "anchors": {"checked": r.anchors, "newest": _anchor(r.newest_anchor)},
        "replaced": [{"restore": _anchor(g.restore), "base_seq": g.base_seq, "anchors": [_anchor(a) for a in g.anchors]}
                     for g in r.replaced],
    }, indent=2)
