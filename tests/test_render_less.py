"""The LESS options used for paging keep the user's own and add what the
output needs."""

from __future__ import annotations

import pytest

from hishers_cli.render.less import less_options


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (None, "-FRX"),
        ("", "-FRX"),
        ("-i", "-i -FRX"),
        ("-iR", "-iR -FX"),
        ("-FRX", "-FRX"),
        ("-R -S", "-R -S -FX"),
    ],
)
def test_less_options_keep_the_users_and_add_what_is_missing(user: str | None, expected: str) -> None:
    assert less_options(user) == expected
