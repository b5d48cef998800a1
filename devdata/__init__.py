"""Data for development only: the large office that benchmarks and load tests build
(`manage.py large_office`). The dev and test settings install this app; production settings,
pyproject's packages and the Docker image leave it out, so nothing here reaches an office's
server. The builders write rows in bulk, but take every rule from the app that owns it
(numbering, handling facts, the workflow's transitions, the roster's changes)."""
