# Shared by scripts/dev and scripts/test: a project venv that is installed once and
# re-installed only when pyproject.toml changes. Source it from the repository root.

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "UP Campus needs Python 3.11 or newer on the PATH." >&2
  return 1
}

ensure_venv() {  # $1: extras, e.g. "test" or ""
  local extras="$1" python stamp wanted
  python=$(pick_python) || return 1
  if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv with $python"
    "$python" -m venv .venv || return 1
  fi
  wanted="$(sha256sum pyproject.toml | cut -c1-16)"
  stamp=.venv/.upcampus-installed
  case "$(cat "$stamp" 2>/dev/null)" in
    "$wanted-test"|"$wanted-${extras:-none}") ;;  # up to date (test extras include all)
    *)
      echo "==> installing UP Campus into .venv"
      local target="."
      [ -n "$extras" ] && target=".[$extras]"
      .venv/bin/python -m pip install -q -e "$target" || return 1
      echo "$wanted-${extras:-none}" > "$stamp" ;;
  esac
  .venv/bin/upcampus i18n compile >/dev/null || return 1
}
