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

# PostgreSQL refuses to run as root: run its programs as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin_dir() {  # the newest installed PostgreSQL's bin folder, or nothing
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Two roles, as in production (README): the owner runs the migrations and owns the tables;
# the application connects as a runtime role with data privileges only, no superuser, no
# BYPASSRLS, so row-level security applies and it cannot lift it.
# pg_create_roles PG_BIN PORT DATABASE OWNER_PASSWORD RUNTIME_PASSWORD
pg_create_roles() {
  local bin="$1" port="$2" database="$3" owner_pw="$4" runtime_pw="$5"
  local psql=("$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1)
  "${psql[@]}" -d postgres \
    -c "CREATE ROLE upcampus_owner LOGIN PASSWORD '$owner_pw' NOSUPERUSER NOBYPASSRLS" \
    -c "CREATE ROLE upcampus LOGIN PASSWORD '$runtime_pw' NOSUPERUSER NOBYPASSRLS" \
    -c "CREATE DATABASE $database OWNER upcampus_owner" >/dev/null &&
  "${psql[@]}" -d "$database" \
    -c "ALTER SCHEMA public OWNER TO upcampus_owner" \
    -c "ALTER DEFAULT PRIVILEGES FOR ROLE upcampus_owner GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO upcampus" \
    -c "ALTER DEFAULT PRIVILEGES FOR ROLE upcampus_owner GRANT USAGE ON SEQUENCES TO upcampus" \
    >/dev/null
}
