"""The staff area: hidden entry, staff sign-in, dashboard, members, audit trail,
settings, reports. :mod:`.area` is the page for ``State.STAFF``; :mod:`.entry` wires the
hidden entry and the retention purge into the running kiosk."""
