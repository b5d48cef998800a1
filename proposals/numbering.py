"""How an accepted item is numbered: YYYY-NNN, counted per term and year in the order items
were accepted (2025-001, 2025-002, ...; after 999 the count goes on, 2025-1000). The services
number one item at a time (`services._next_number`); the large office numbers thousands at once
(devdata/): both spell the number here."""


def number_prefix(year: int) -> str:
    """What every number of the year starts with."""
    return f"{year}-"


def proposal_number(year: int, sequence: int) -> str:
    """The `sequence`-th item accepted in the year in its term."""
    return f"{number_prefix(year)}{sequence:03d}"
