"""The site tests' throwaway PostgreSQL server: the one ``kiosk bench --site`` starts too."""

from kiosk.site.throwaway import PgServer, free_port, remove, start_server  # noqa: F401
