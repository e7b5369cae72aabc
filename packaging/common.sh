# Shared by packaging/start and packaging/test: system libraries, a virtual environment, the package.
# Sourced, not run. Works on Debian/Ubuntu (apt-get); elsewhere install the listed libraries yourself.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COUNTER_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# Libraries Qt needs to start (offscreen and on a desktop), and poppler for looking at PDFs.
QT_SYSTEM_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  libxcb-xinerama0 libxcb-xkb1 python3-venv)

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_counter() {  # $1: pip extras, e.g. "[pg]" or "[test]"
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  # pip runs again only when pyproject.toml or the extras changed since the last install into this venv,
  # so that starting a window does not wait for pip every morning.
  local stamp="$VENV/.counter-installed"
  local want
  want="$(cat "$ROOT/pyproject.toml" - <<<"$ROOT$1" | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q -e "$ROOT$1" >&2
  echo "$want" >"$stamp"
}
