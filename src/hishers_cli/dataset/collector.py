"""Reading a dataset makes hundreds of thousands of short-lived objects and
no reference cycles; the cyclic collector would only rescan them, over and
over, as they pile up."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off while a dataset is parsed or rebuilt."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
