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


class _StartUp:
    paused = False  # by `pause_for_start_up`, until `resume_after_start_up`


def pause_for_start_up() -> None:
    """The collector off while a one-shot run starts (`entry.main`): start-up
    makes tens of thousands of objects that live as long as the process."""
    gc.disable()
    _StartUp.paused = True


def resume_after_start_up() -> None:
    """Once the dataset is loaded, after `pause_for_start_up`: what lives
    until exit is frozen out of the collector's sight and the collector
    resumes. Without that pause, or called again, it does nothing: a
    long-running process keeps its collector as it had it and does not
    freeze each load's objects (which would never be freed)."""
    if _StartUp.paused:
        _StartUp.paused = False
        gc.freeze()
        gc.enable()
