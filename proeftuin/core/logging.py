"""Log lines that carry the request they belong to.

`RequestIdMiddleware` puts the request's id in `request_id_var` (until `request_finished`); `RequestIdFilter` copies it
onto every log record made while the request runs (in a task or a command it is "-"), and
`JsonFormatter` writes one JSON object per line, which is what log collectors in production
parse. The console keeps plain text in development.
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


def forget_request_id(**kwargs: object) -> None:
    """On `request_finished`: the thread's next log lines belong to no request."""
    request_id_var.set("-")


# Attributes every LogRecord has; anything else was passed with `extra=` and is kept.
STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in record.__dict__.items():
            # Django's request logger passes the request object itself: not a value to log.
            if key not in STANDARD_ATTRIBUTES and key != "request":
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)
