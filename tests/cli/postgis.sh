#!/usr/bin/env bash
# postgis.sh GRIDOPS SOURCE_DIR: a real PostGIS on loopback, started here in a
# scratch folder, the sample county loaded into it with ogr2ogr, then read
# back by gridops through a grid-set file whose levels are PG: sources.
# Passes when `check` finds it whole and clean and `locate` finds a grid.
set -euo pipefail
gridops=$1 src=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bin" ]]; then
  echo "postgis.sh: no PostgreSQL server installed (scripts/install-deps.sh --test installs it)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/gridops-pg.XXXXXX)
chmod 777 "$work"
# initdb refuses to run as root: the server runs as the postgres user then.
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg "$bin/pg_ctl" -D "$work/data" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$((20000 + RANDOM % 20000))
as_pg "$bin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
as_pg "$bin/pg_ctl" -D "$work/data" -w -l "$work/log" \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c 'create database county' >/dev/null
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d county -c 'create extension postgis' >/dev/null
conn="PG:host=127.0.0.1 port=$port dbname=county user=postgres"
for layer in communities grids compounds; do
  ogr2ogr -f PostgreSQL "$conn" "$src/data/sample-county/$layer.shp" -nln "$layer"
done
cat >"$work/gridset.json" <<JSON
{"county": {"code": "610822", "name": "府谷县"},
 "levels": {"community": {"source": "$conn", "layer": "communities"},
            "grid": {"source": "$conn", "layer": "grids"},
            "compound": {"source": "$conn", "layer": "compounds"}}}
JSON
"$gridops" check --grids "$work/gridset.json"
"$gridops" locate --grids "$work/gridset.json" 111.05 39.03
