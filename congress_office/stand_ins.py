"""Statements written once for a stand-in id and run with the real id in its places (decision
184): the ORM can take longer to write a statement than the database to answer it. The
statement is written twice, for two stand-in ids, and reused only when the two differ in the
stand-in's places and nowhere else; anything else that changes between the two writings (the
clock, say) makes it unusable, and the caller writes it for the real id each time."""


def stand_in_places(first: tuple, second: tuple, stand_ins: tuple) -> list[int] | None:
    """The places of the stand-in id among the values of a statement written for
    `stand_ins[0]` (`first`: sql, values) and `stand_ins[1]` (`second`), or None when the
    statement cannot be reused that way."""
    (sql, params), (other_sql, other_params) = first, second
    if sql != other_sql or len(params) != len(other_params):
        return None
    places = [n for n, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b]
    if places and all(
        params[n] == stand_ins[0] and other_params[n] == stand_ins[1] for n in places
    ):
        return places
    return None


def with_id(params, places: list[int], pk) -> list:
    """The statement's values with `pk` in the stand-in's places."""
    params = list(params)
    for n in places:
        params[n] = pk
    return params
