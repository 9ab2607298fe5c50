"""Pipeline stages as plain, typed functions (no Prefect inside)."""
