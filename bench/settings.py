"""Settings for the load run (`bench/load.py`): production settings exactly, plus the floor.

The floor is a trivial view mounted beside the project's own URLs (see `bench/urls.py`), so it
passes through the same middleware and the same gunicorn as every measured page. It exists
only under these settings: production never serves it.
"""

from config.settings import *  # noqa: F403 - the production settings, unchanged

ROOT_URLCONF = "bench.urls"
