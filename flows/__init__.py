"""Prefect flows and the `newslake` CLI: orchestration only, the work lives in `tasks`."""

import os

# Set before prefect is imported (every value stays overridable from the environment):
# - no network here: Prefect's telemetry would only log errors;
# - Prefect's temporary server migrates a new database on its first start, which takes
#   minutes on a busy machine; Prefect's own default allowance is 20 s (see flows/server.py);
# - the orchestrating process is long-lived and runs tasks on many threads: Arrow's default
#   allocator (mimalloc) keeps a heap per thread, and its peak memory grew with every date
#   committed. The system allocator gives the memory back;
# - one worker process per core does the NLP: a BLAS thread pool in each would put two threads
#   on every core (bare spaCy, two processes on two cores: 3-4% faster with one BLAS thread).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "600")
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
