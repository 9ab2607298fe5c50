"""Prefect flows and the `newslake` CLI: orchestration only, the work lives in `tasks`."""

import os

# No network here: Prefect's telemetry would only log errors. Set before prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

# The orchestrating process is long-lived and runs tasks on many threads: Arrow's default
# allocator (mimalloc) keeps a heap per thread, and its peak memory grew with every date
# committed. The system allocator gives the memory back. Set before pyarrow is imported.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
