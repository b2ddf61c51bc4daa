"""`dataset.model.record`: a record type is a named tuple of its own fields
and its bases', in the order the reader, the schema and the cache rely on."""

from __future__ import annotations

import copy
import pickle
from typing import Annotated

from hishers_cli.dataset import model
from hishers_cli.dataset.fields import fields
from hishers_cli.dataset.model import Doc, record


@record
class Base:
    first: int
    later: Annotated[bool, Doc("A flag.")] = False

    def both(self) -> tuple[int, bool]:
        return self.first, self.later


@record
class Child(Base):
    """A child record."""

    name: str
    note: str | None = None

    @property
    def shout(self) -> str:
        return self.name.upper()


@record
class Again(Base):
    later: bool  # declared again, without the base's default


def test_own_required_then_inherited_required_then_own_and_inherited_defaults() -> None:
    assert Child._fields == ("name", "first", "note", "later")  # type: ignore[attr-defined]
    assert Child._field_defaults == {"note": None, "later": False}  # type: ignore[attr-defined]
    assert [f.name for f in fields(Child)] == ["name", "first", "note", "later"]
    assert fields(Child)[3].mark(Doc).text == "A flag."


def test_a_record_is_a_tuple_with_the_methods_of_its_class_and_bases() -> None:
    child = Child(name="ann", first=1)
    assert isinstance(child, tuple) and child == ("ann", 1, None, False)
    assert child.both() == (1, False) and child.shout == "ANN"
    assert Child.__doc__ == "A child record." and Child.__qualname__ == "Child"
    assert child._replace(note="x").note == "x"  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(child)) == child == copy.deepcopy(child)
    assert hash(child) == hash(Child(name="ann", first=1))
    assert repr(child) == "Child(name='ann', first=1, note=None, later=False)"


def test_a_field_declared_again_is_as_its_class_declares_it() -> None:
    assert Again._fields == ("later", "first") and Again._field_defaults == {}  # type: ignore[attr-defined]


def test_every_record_type_keeps_the_stamp_fields_of_its_base_last() -> None:
    stamped = [t for t in vars(model).values() if isinstance(t, type) and "known_from" in getattr(t, "_fields", ())]
    assert {model.Alias, model.Character, model.Episode, model.Relationship} <= set(stamped)
    for kind in stamped:
        names = kind._fields
        if "exact" in names:
            assert names.index("known_from") < names.index("exact")
            assert all(name in kind._field_defaults for name in names[names.index("exact") :]), kind
