# Sourced by scripts/test: exports TEST_DATABASE_URL for a PostgreSQL server that the tests may create
# databases on (trust authentication). Uses the machine's server on 127.0.0.1:5432 when it answers;
# otherwise starts a private cluster under ./var/test-pg, stopped again when the test run ends.

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
   && psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
else
  cluster="$PWD/var/test-pg"
  port=55432
  run_as=()
  if [[ $(id -u) -eq 0 ]]; then
    id foresight >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin foresight
    run_as=(runuser -u foresight --)
  fi
  mkdir -p "$cluster"
  [[ ${#run_as[@]} -gt 0 ]] && chown -R foresight "$cluster"
  if [[ ! -f "$cluster/data/PG_VERSION" ]]; then
    "${run_as[@]}" "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  trap '"${run_as[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null' EXIT
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
fi
echo "test: PostgreSQL at ${TEST_DATABASE_URL}"
