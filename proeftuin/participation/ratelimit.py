"""A fixed-window counter per client address in Django's cache. The cache is the database
by default, shared by every web process, so the limit holds however many serve the form.
(The database cache's `incr` reads then writes; two requests in the same instant may both
pass, which a limit against floods can afford.)"""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

# Answers (and erasure attempts) from one address per hour: a library's public computers
# share one address, so the limit leaves room for a queue of visitors.
LIMIT = 30
WINDOW_SECONDS = 60 * 60


def too_many(request: HttpRequest, scope: str) -> bool:
    """Count this request; True once the address passed the limit in this window."""
    address = request.META.get("REMOTE_ADDR", "")
    # Hashed: the cache holds no addresses.
    who = hashlib.sha256(address.encode()).hexdigest()[:24]
    window = int(time.time()) // WINDOW_SECONDS
    key = f"participation:{scope}:{who}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > LIMIT
