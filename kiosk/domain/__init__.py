"""Business operations on the store: members, PINs, faces, consent, sessions. No Qt."""
