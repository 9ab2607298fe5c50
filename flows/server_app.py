"""Prefect's temporary server process, as Prefect starts it (uvicorn, Prefect's app factory,
its lifespan), with the app built under `flows.heap.lasting`: the server's modules and app
are never rescanned by the garbage collector while the run goes on.

    python -m flows.server_app PORT
"""

from __future__ import annotations

import sys

from flows import heap


def main(port: int) -> None:
    with heap.lasting():
        import uvicorn
        from prefect.server.api.server import create_app

        app = create_app()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    main(int(sys.argv[1]))
