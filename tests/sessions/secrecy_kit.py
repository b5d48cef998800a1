"""What every secret ballot box's tally shards must look like, whatever the kind of vote
(docs/secrecy.md): summed, the counts; any of them short of all, random numbers that tell
nothing of what any ballot chose."""

from itertools import combinations

from sessions.secret_ballot import MODULUS


def _summed(vectors):
    return [sum(column) % MODULUS for column in zip(*vectors, strict=True)]


def plausible(vector, ballots: int) -> bool:
    """Whether the vector could be the counts of at most `ballots` ballots."""
    return all(0 <= n <= ballots for n in vector)


def shards_tell_nothing(vectors, ballots: int) -> bool:
    """The shards' vectors sum to counts of `ballots` ballots, while no shard, no pair of
    them, and no set of all but one or two does: each such share is random. (A masked share
    looks like counts by chance with a probability of about (ballots / MODULUS) per cell.)"""
    vectors = [list(v) for v in vectors]
    if not plausible(_summed(vectors), ballots):
        return False
    shards = range(len(vectors))
    for size in {1, 2, len(vectors) - 2, len(vectors) - 1} - {0, len(vectors)}:
        for some in combinations(shards, size):
            if plausible(_summed([vectors[n] for n in some]), ballots):
                return False
    return True
