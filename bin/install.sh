# Sourced by bin/demo and bin/test: installs what Congress Office needs, idempotently.
#   system packages (Debian): installed with apt-get when running as root, else listed
#   Python packages: the lock (requirements/dev.txt) into .venv, reinstalled only when it
#     or pyproject.toml changes
#   translations: compiled from locale/*.po
#   Node packages (with --node): Debian's nodejs and npm, then `npm ci` into node_modules,
#     rerun only when package-lock.json changes (axe-core, which the crawl test injects)
# Usage: install_all [--node] [extra Debian packages...]

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# gettext compiles the translations; the CJK fonts and Pango are what PDFs with Chinese
# text need (WeasyPrint renders through Pango).
BASE_DEBIAN_PACKAGES=(gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

find_python() {
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

install_debian_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing system packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    else
        echo "Missing system packages: ${missing[*]}" >&2
        echo "Install them first, for example: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
}

install_python_packages() {
    local python stamp
    python="$(find_python)" || {
        echo "Python 3.11 is needed (python3.11 or python3 on PATH, or set PYTHON=...)." >&2
        exit 1
    }
    if [ ! -x .venv/bin/python ]; then
        say "Creating the virtual environment in .venv"
        "$python" -m venv .venv || {
            echo "Could not create a virtual environment: install python3-venv." >&2
            exit 1
        }
    fi
    # The locked versions (requirements/dev.txt, with their hashes: bin/lock refreshes it),
    # then the project itself without its dependencies, so nothing unlocked comes in. pip and
    # setuptools are in the lock too, and the project is built with the locked setuptools.
    # `--no-deps`: the lock names every dependency already, so pip has nothing to resolve; left
    # to resolve, pip 23.2 (Python 3.11's venv) looked up pip-audit's `CacheControl[filecache]`
    # on the index and refused the newer release it found there as not pinned (2026-12-07).
    # `pip check` then fails the install if the lock ever misses a dependency.
    stamp=".venv/.installed-$(cat pyproject.toml requirements/dev.txt | sha256sum | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        say "Installing the locked Python packages into .venv"
        pip_install --no-deps --require-hashes -r requirements/dev.txt
        .venv/bin/python -m pip check
        pip_install --no-deps --no-build-isolation -e .
        rm -f .venv/.installed-* && touch "$stamp"
    fi
}

# pip, quietly; on a failure, again with its output, to show why.
pip_install() {
    .venv/bin/python -m pip install -q --disable-pip-version-check "$@" 2>/dev/null ||
        .venv/bin/python -m pip install --disable-pip-version-check "$@"
}

install_node_packages() {
    local stamp
    stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        say "Installing Node packages into node_modules"
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
        touch "$stamp"
    fi
}

compile_translations() {
    say "Compiling translations"
    .venv/bin/python manage.py compilemessages --ignore=.venv --verbosity=0
}

install_all() {
    local extra=() python node=""
    for argument in "$@"; do
        if [ "$argument" = "--node" ]; then node=1; else extra+=("$argument"); fi
    done
    # Debian's npm is a separate package; command -v keeps a Node installed another way.
    if [ -n "$node" ] && ! command -v npm >/dev/null 2>&1; then
        extra+=(nodejs npm)
    fi
    # Debian's own Python needs python3-venv before it can make a virtual environment.
    if python="$(find_python)" && ! "$python" -c "import ensurepip" 2>/dev/null; then
        extra+=(python3-venv)
    fi
    install_debian_packages "${BASE_DEBIAN_PACKAGES[@]}" "${extra[@]}"
    install_python_packages
    [ -z "$node" ] || install_node_packages
    compile_translations
}
