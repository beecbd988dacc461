# shellcheck shell=bash
# A throwaway PostgreSQL for dyad-store's tests.
#
#   source .ci/postgres.sh        # starts it (or reuses it) and exports DYAD_PG_URL
#   bash .ci/postgres.sh          # the same, printing `export DYAD_PG_URL=...`
#   bash .ci/postgres.sh stop     # stops it
#
# Installs Debian's postgresql package when no server binaries are found
# (needs root), runs initdb into $DYAD_PG_DIR (default /tmp/dyad-ci-pg) as a
# non-root user (PostgreSQL refuses to run as root), starts the server on
# 127.0.0.1 on a free port with durability off (test data only), and creates
# the database `dyad`. Idempotent: a server this script started and that is
# still running is reused; a dead one is wiped and made anew. When anything
# fails it says why and leaves DYAD_PG_URL unset, so the PostgreSQL tests
# skip with a printed reason; DYAD_PG_REQUIRED=1 makes that a failure.

_dyad_pg_log() { echo "postgres.sh: $*" >&2; }

_dyad_pg_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
    return 1
}

_dyad_pg_user() {
    if [ "$(id -u)" != 0 ]; then id -un; return 0; fi
    if id postgres >/dev/null 2>&1; then echo postgres; return 0; fi
    if ! id dyadpg >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin dyadpg >/dev/null 2>&1 \
            || adduser --system --no-create-home dyadpg >/dev/null 2>&1 || return 1
    fi
    echo dyadpg
}

# Runs a command as the server's user.
_dyad_pg_as() {
    local user=$1; shift
    if [ "$(id -u)" != 0 ]; then "$@"; return; fi
    if command -v runuser >/dev/null 2>&1; then runuser -u "$user" -- "$@"; return; fi
    su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
}

_dyad_pg_free_port() {
    local p
    for p in $(seq 54329 54529); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 1
}

# Prints the URL on success; messages go to stderr.
_dyad_pg_main() {
    local dir=${DYAD_PG_DIR:-/tmp/dyad-ci-pg}
    local bindir user port
    if ! bindir=$(_dyad_pg_bindir); then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            _dyad_pg_log "installing postgresql (apt-get)"
            export DEBIAN_FRONTEND=noninteractive
            { apt-get install -y -q --no-install-recommends postgresql \
                || { apt-get update -q && apt-get install -y -q --no-install-recommends postgresql; }; } >/dev/null 2>&1 \
                || { _dyad_pg_log "apt-get install postgresql failed"; return 1; }
            bindir=$(_dyad_pg_bindir) || { _dyad_pg_log "no initdb after installing postgresql"; return 1; }
        else
            _dyad_pg_log "no PostgreSQL server binaries and cannot install them (not root or no apt-get)"
            return 1
        fi
    fi
    if [ -n "${DYAD_PG_URL:-}" ] && "$bindir/pg_isready" -q -d "$DYAD_PG_URL" >/dev/null 2>&1; then
        echo "$DYAD_PG_URL"
        return 0
    fi
    user=$(_dyad_pg_user) || { _dyad_pg_log "cannot find or create a non-root user to run the server"; return 1; }
    if [ -f "$dir/data/postmaster.pid" ] && _dyad_pg_as "$user" "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        port=$(sed -n 4p "$dir/data/postmaster.pid")
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1; then
            echo "postgres://dyad@127.0.0.1:$port/dyad"
            return 0
        fi
        _dyad_pg_as "$user" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    fi
    rm -rf "$dir" && mkdir -p "$dir" || { _dyad_pg_log "cannot create $dir"; return 1; }
    [ "$(id -u)" = 0 ] && chown "$user" "$dir"
    chmod 700 "$dir"
    if ! _dyad_pg_as "$user" "$bindir/initdb" -D "$dir/data" -U dyad --auth=trust -E UTF8 --locale=C --no-sync \
        >"$dir/initdb.log" 2>&1; then
        _dyad_pg_log "initdb failed:"; tail -n 20 "$dir/initdb.log" >&2
        return 1
    fi
    port=$(_dyad_pg_free_port) || { _dyad_pg_log "no free port in 54329-54529"; return 1; }
    if ! _dyad_pg_as "$user" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
        _dyad_pg_log "the server did not start:"; tail -n 20 "$dir/server.log" >&2
        return 1
    fi
    if ! "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U dyad -d postgres -c "CREATE DATABASE dyad" >/dev/null 2>&1; then
        _dyad_pg_log "CREATE DATABASE failed"
        return 1
    fi
    echo "postgres://dyad@127.0.0.1:$port/dyad"
}

_dyad_pg_stop() {
    local dir=${DYAD_PG_DIR:-/tmp/dyad-ci-pg} bindir user
    bindir=$(_dyad_pg_bindir) || return 0
    user=$(_dyad_pg_user) || return 0
    [ -f "$dir/data/postmaster.pid" ] && _dyad_pg_as "$user" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1
    return 0
}

if (return 0 2>/dev/null); then _dyad_pg_sourced=1; else _dyad_pg_sourced=0; fi

if [ "${1:-}" = stop ]; then
    _dyad_pg_stop
elif _dyad_pg_url=$(set +eu; _dyad_pg_main); then
    export DYAD_PG_URL="$_dyad_pg_url"
    if [ "$_dyad_pg_sourced" = 1 ]; then
        _dyad_pg_log "DYAD_PG_URL=$DYAD_PG_URL"
    else
        echo "export DYAD_PG_URL=$DYAD_PG_URL"
    fi
else
    _dyad_pg_log "PostgreSQL is not available: its tests will be skipped"
    if [ "${DYAD_PG_REQUIRED:-0}" = 1 ]; then
        if [ "$_dyad_pg_sourced" = 1 ]; then return 1; else exit 1; fi
    fi
fi
unset _dyad_pg_url _dyad_pg_sourced
