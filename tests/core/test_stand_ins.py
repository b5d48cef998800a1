"""A statement written for stand-in ids is reused only when the stand-in is all that differs."""

from congress_office.stand_ins import stand_in_places, with_id

STAND_INS = (-1, -2)


def test_the_places_of_the_stand_in_are_found():
    first = ("SELECT %s, %s, %s", [-1, "x", -1])
    second = ("SELECT %s, %s, %s", [-2, "x", -2])
    places = stand_in_places(first, second, STAND_INS)
    assert places == [0, 2]
    assert with_id(first[1], places, 42) == [42, "x", 42]


def test_a_statement_that_changes_otherwise_is_not_reused():
    assert stand_in_places(("A %s", [-1]), ("B %s", [-2]), STAND_INS) is None
    assert stand_in_places(("A %s %s", [-1, 1]), ("A %s %s", [-2, 2]), STAND_INS) is None
    assert stand_in_places(("A %s", [-1]), ("A %s", [-2, 3]), STAND_INS) is None
    assert stand_in_places(("A", []), ("A", []), STAND_INS) is None  # no place for the id
