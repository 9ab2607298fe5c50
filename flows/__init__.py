"""Prefect flows and the `newslake` CLI: orchestration only, the work lives in `tasks`."""

import os

# No network here: Prefect's telemetry would only log errors. Set before prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
