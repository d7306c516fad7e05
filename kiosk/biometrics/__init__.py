"""Face detection, encoding, quality and matching. Plain numpy; no Qt, no disk writes."""
