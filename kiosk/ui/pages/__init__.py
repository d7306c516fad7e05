"""One module per page; every module here is imported by :func:`kiosk.ui.discovery.discover`."""
