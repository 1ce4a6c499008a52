"""HTML to PDF with WeasyPrint, loaded only when a PDF is asked for: WeasyPrint needs
Pango and HarfBuzz from the system, and the platform runs without them (the page then says
the PDF is unavailable)."""

import functools
import logging
from typing import Any

logger = logging.getLogger(__name__)


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs are not installed."""


@functools.cache
def load_weasyprint() -> Any:
    """The `weasyprint` module, or None when it cannot be imported. Its import fails with an
    OSError when Pango or HarfBuzz are missing, with an ImportError when the package is."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        logger.warning("PDF unavailable: WeasyPrint cannot be loaded (%s)", error)
        return None
    return weasyprint


def pdf_available() -> bool:
    return load_weasyprint() is not None


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML document (its styles and pictures inline) as PDF.
    Nothing is fetched, not even a file: the document needs nothing from outside."""
    weasyprint = load_weasyprint()
    if weasyprint is None:
        raise PdfUnavailable
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf())
