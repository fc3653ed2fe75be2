#!/usr/bin/env bash
# Podium as several instances behind nginx, all on this machine, for a trial of the topology of
# issue 13: N instances (default 2) sharing one PostgreSQL database and the machine's Redis, nginx in
# front of them on port 8080 with the configuration of docs/cluster/nginx.conf. Ctrl-C stops it all.
#
#   docs/cluster/start-cluster.sh              # 2 instances, a database "podium_cluster" on the local PostgreSQL
#   INSTANCES=3 DATABASE_URL=postgres://podium:…@db/podium docs/cluster/start-cluster.sh
#
# Variables (all optional):
#   INSTANCES      instances to start (default 2; also the first argument)
#   DATABASE_URL   the database every instance uses (its owner's URL, as for one instance); by default
#                  the database "podium_cluster" on POSTGRES_URL's server, created if missing
#   POSTGRES_URL   the server to create it on (default postgres://postgres@127.0.0.1:5432/postgres)
#   REDIS_URL      default redis://127.0.0.1:6379
#   PODIUM_BALLOT_SECRET  the secret every instance derives ballot codes from (docs/ballots.md);
#                  by default a random one for this run (codes printed in it work only while it runs)
#   NGINX_PORT     default 8080
#   FIRST_PORT     the first instance's port (default 3101; then 3102, …)
#   PUBLIC_HOST    the host name or address in PODIUM_PUBLIC_URL (printed links and QR codes); by
#                  default this machine's first LAN address
#   SKIP_BUILD=1   use the build in dist/ as it is (default: `npm run build` first)
#   PODIUM_ADMIN_PASSWORD, PODIUM_DEMO and any other PODIUM_* variable are passed to every instance.
#
# Needs nginx (apt-get install -y nginx), Redis, PostgreSQL (psql to create the database), Node and
# npm. Runs without root: nginx runs in the foreground from a temporary folder of its own (its
# configuration, logs and temporary files), not as the system's nginx.
set -euo pipefail

INSTANCES=${1:-${INSTANCES:-2}}
NGINX_PORT=${NGINX_PORT:-8080}
FIRST_PORT=${FIRST_PORT:-3101}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
PODIUM_BALLOT_SECRET=${PODIUM_BALLOT_SECRET:-$(head -c 32 /dev/urandom | base64)}
export PODIUM_BALLOT_SECRET
POSTGRES_URL=${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEMPLATE="$ROOT/docs/cluster/nginx.conf"

say() { printf '[cluster] %s\n' "$*" >&2; }
fail() {
  say "$*"
  exit 1
}

[[ $INSTANCES =~ ^[1-9][0-9]*$ ]] || fail "INSTANCES must be a positive number, not \"$INSTANCES\""

# --- what the topology needs -------------------------------------------------------------------
NGINX=$(command -v nginx || true)
[[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
[[ -n $NGINX ]] || fail "nginx is not installed (apt-get install -y nginx)"
command -v node >/dev/null || fail "node is not installed"
command -v curl >/dev/null || fail "curl is not installed"

redis_host=$(sed -E 's#^rediss?://([^@/]*@)?([^:/]+).*#\2#' <<<"$REDIS_URL")
redis_port=$(sed -nE 's#^rediss?://([^@/]*@)?[^:/]+:([0-9]+).*#\2#p' <<<"$REDIS_URL")
redis_port=${redis_port:-6379}
if ! (exec 3<>"/dev/tcp/$redis_host/$redis_port" && printf 'PING\r\n' >&3 && timeout 3 head -c 5 <&3 | grep -q PONG) 2>/dev/null; then
  fail "Redis does not answer at $REDIS_URL (apt-get install -y redis-server, or set REDIS_URL)"
fi

if [[ -z ${DATABASE_URL:-} ]]; then
  command -v psql >/dev/null || fail "set DATABASE_URL, or install psql so that a database can be created on $POSTGRES_URL"
  psql "$POSTGRES_URL" -Atqc 'SELECT 1' >/dev/null 2>&1 || fail "PostgreSQL does not answer at $POSTGRES_URL (set POSTGRES_URL or DATABASE_URL)"
  if [[ -z $(psql "$POSTGRES_URL" -Atqc "SELECT 1 FROM pg_database WHERE datname = 'podium_cluster'") ]]; then
    say "creating the database podium_cluster on $POSTGRES_URL"
    psql "$POSTGRES_URL" -qc "CREATE DATABASE podium_cluster ENCODING 'UTF8' TEMPLATE template0" >/dev/null
  fi
  DATABASE_URL=$(sed -E 's#/[^/?]*(\?.*)?$#/podium_cluster\1#' <<<"$POSTGRES_URL")
elif command -v psql >/dev/null; then
  psql "$DATABASE_URL" -Atqc 'SELECT 1' >/dev/null 2>&1 || fail "PostgreSQL does not answer at DATABASE_URL"
fi

busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORTS=()
for ((i = 0; i < INSTANCES; i++)); do
  port=$((FIRST_PORT + i))
  busy "$port" && fail "port $port is in use (set FIRST_PORT)"
  PORTS+=("$port")
done
busy "$NGINX_PORT" && fail "port $NGINX_PORT is in use (set NGINX_PORT)"

PUBLIC_HOST=${PUBLIC_HOST:-$(hostname -I 2>/dev/null | awk '{ print $1 }')}
PUBLIC_HOST=${PUBLIC_HOST:-127.0.0.1}
PUBLIC_URL="http://$PUBLIC_HOST:$NGINX_PORT"

# Each viewer holds a descriptor in its instance and two in nginx: as many as this user may have.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

cd "$ROOT"
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  say "building (npm run build)"
  npm run build >&2
fi
[[ -f dist/src/main.js ]] || fail "no build in dist/ (npm run build)"

# --- start --------------------------------------------------------------------------------------
DIR=$(mktemp -d "${TMPDIR:-/tmp}/podium-cluster.XXXXXX")
# nginx's workers run as "nobody" when started by root: they must reach the temporary files.
chmod 755 "$DIR"
mkdir -p "$DIR/logs" "$DIR/temp"
PIDS=()
NGINX_PID=

stop_all() {
  trap - INT TERM EXIT
  say "stopping"
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  say "stopped; logs are in $DIR"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start_instance() {
  local n=$1 port=$2
  PORT=$port DATABASE_URL=$DATABASE_URL REDIS_URL=$REDIS_URL PODIUM_TRUST_PROXY=1 PODIUM_PUBLIC_URL=$PUBLIC_URL \
    node dist/src/main.js >"$DIR/instance-$n.log" 2>&1 &
  PIDS+=($!)
}

wait_health() {
  local n=$1 port=$2 pid=$3
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || {
      tail -n 20 "$DIR/instance-$n.log" >&2
      fail "instance $n exited (its log: $DIR/instance-$n.log)"
    }
    sleep 0.2
  done
  fail "instance $n did not answer /health within 2 minutes (its log: $DIR/instance-$n.log)"
}

# The first instance alone: on an empty database it runs the migrations and creates the first admin
# (and the demo event), which two instances starting at once would both try. The others then together.
say "instance 1 on port ${PORTS[0]}"
start_instance 1 "${PORTS[0]}"
wait_health 1 "${PORTS[0]}" "${PIDS[0]}"
for ((i = 1; i < INSTANCES; i++)); do
  say "instance $((i + 1)) on port ${PORTS[i]}"
  start_instance $((i + 1)) "${PORTS[i]}"
done
for ((i = 1; i < INSTANCES; i++)); do wait_health $((i + 1)) "${PORTS[i]}" "${PIDS[i]}"; done

# nginx's configuration from the template: one server line per instance in each marked block, our port.
awk -v ports="${PORTS[*]}" -v listen="$NGINX_PORT" '
  /^[ \t]*#[ \t]*podium instances: begin[ \t]*$/ { print; block = 1; first = 1; next }
  block && /^[ \t]*#[ \t]*podium instances: end[ \t]*$/ { block = 0; print; next }
  block {
    if (first) {
      match($0, /^[ \t]*server[ \t]+/)
      lead = substr($0, 1, RLENGTH); rest = substr($0, RLENGTH + 1); sub(/^[^ \t;]+/, "", rest)
      n = split(ports, p, " ")
      for (i = 1; i <= n; i++) print lead "127.0.0.1:" p[i] rest
      first = 0
    }
    next
  }
  /^[ \t]*listen 8080;/ { sub(/8080/, listen) }
  { print }
' "$TEMPLATE" >"$DIR/nginx.conf"
# nginx's workers cannot raise their limit of open files above this shell's hard limit.
hard=$(ulimit -Hn)
if [[ $hard != unlimited ]] && ((hard < 65535)); then
  sed -i -E "s/^(\s*worker_rlimit_nofile) [0-9]+;/\1 $hard;/" "$DIR/nginx.conf"
fi
"$NGINX" -t -q -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/logs/error.log" -g "daemon off; pid $DIR/nginx.pid;" ||
  fail "nginx refused the configuration $DIR/nginx.conf"
say "nginx on port $NGINX_PORT"
"$NGINX" -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/logs/error.log" -g "daemon off; pid $DIR/nginx.pid;" &
NGINX_PID=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$NGINX_PORT/health" >/dev/null && break
  kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited: $(tail -n 5 "$DIR/logs/error.log")"
  sleep 0.1
done
curl -fs "http://127.0.0.1:$NGINX_PORT/health" >/dev/null || fail "nginx does not answer on port $NGINX_PORT"

# What the first instance said at its first start (the admin's password, the demo's links) is shown once.
sed -n '/^Podium is running/,$p' "$DIR/instance-1.log" >&2
cat >&2 <<EOF

Podium: $INSTANCES instance(s) behind nginx
  everyone (judges, screens, viewers, organizers): $PUBLIC_URL    (on this machine: http://127.0.0.1:$NGINX_PORT)
  organizer console:                               $PUBLIC_URL/admin
$(for ((i = 0; i < INSTANCES; i++)); do printf '  instance %d (directly): http://127.0.0.1:%d   pid %d   log %s\n' $((i + 1)) "${PORTS[i]}" "${PIDS[i]}" "$DIR/instance-$((i + 1)).log"; done)
  database: $(sed -E 's#//[^@/]*@#//#; s#\?.*##' <<<"$DATABASE_URL")
  redis:    $REDIS_URL
  nginx:    $DIR/nginx.conf, logs in $DIR/logs
Ctrl-C stops everything.
EOF

# Until Ctrl-C or until nginx ends. An instance that ends is reported and left out by nginx (try
# it: kill one instance's pid and see the viewers come back on the others).
INTERRUPTED=
trap 'INTERRUPTED=1' INT TERM
declare -A REPORTED=()
while [[ -z $INTERRUPTED ]]; do
  alive=()
  for ((i = 0; i < INSTANCES; i++)); do
    if kill -0 "${PIDS[i]}" 2>/dev/null; then
      alive+=("${PIDS[i]}")
    elif [[ -z ${REPORTED[$i]:-} ]]; then
      REPORTED[$i]=1
      say "instance $((i + 1)) has ended (its log: $DIR/instance-$((i + 1)).log); nginx sends its clients to the others"
    fi
  done
  ((${#alive[@]} > 0)) || {
    say "every instance has ended"
    break
  }
  status=0
  ended=
  wait -n -p ended "$NGINX_PID" "${alive[@]}" 2>/dev/null || status=$?
  if [[ $ended == "$NGINX_PID" ]]; then
    # Status 0: nginx was told to stop (Ctrl-C reaches it too, and bash then leaves its own trap out).
    ((status == 0)) || say "nginx has ended ($status): $(tail -n 3 "$DIR/logs/error.log")"
    break
  fi
done
