#!/usr/bin/env bash
# Benchmark of the release binary against nginx serving the same bytes.
#
#   tests/bench/run-benchmark.sh [all|compare|startup|scaling|load|share|logins|ab OTHER]
#
#   compare  our server and nginx, each pinned to core 0 (one worker), loaded
#            by wrk pinned to core 1, in alternating rounds: requests/s,
#            p50/p99 latency and server CPU per request for a guide page
#            (plain, plain against nginx with sendfile off, and brotli), a
#            calculator result and GET /api/v1/estimate
#   startup  time from spawn to the first 200 on /healthz, idle memory, and
#            memory under 256 connections
#   scaling  start-up time and memory with 500, 1,000 and 2,000 generated guides
#   load     15 s at 256 connections against a mix of the three, memory
#            sampled every second
#   share    POST /share: reports accepted per second, one core, on SQLite and
#            (when BENCH_POSTGRES_URL or a server on 127.0.0.1:5432 answers) on
#            PostgreSQL, each on a fresh database
#   logins   150 wrong moderator logins at once, each from its own network
#            (behind a proxy), memory sampled every second: password hashes
#            are bounded, so memory stays bounded
#   ab OTHER new calculator results from our release binary and from OTHER
#            (say, a release build of an earlier commit), alternating ABBA
#            over ROUNDS (default 12 here) runs of DURATION (3 s here):
#            median and mean server CPU per request of each, and their ratio
#   all      all of the above but ab (the default)
#
# Needs: wrk, nginx, taskset, curl, python3 (apt-get install wrk nginx curl
# python3 util-linux) and two cores. Talks only to 127.0.0.1, stops every
# process it started, and leaves nothing behind but its temporary folder,
# which it removes. Settings: ROUNDS (3), DURATION (5 s a run), CONNECTIONS
# (32), SKIP_BUILD=1 to use the last release build.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH="$ROOT/tests/bench"
BINARY="$ROOT/target/release/salary-guide"
MODE=${1:-all}
OTHER_BINARY=${2:-}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_CORE=0
LOAD_CORE=1

GUIDE=/guides/salary-by-experience
PROFILE="years=4&location=seattle&skills=kubernetes&skills=aws"
CALCULATOR="/calculator?$PROFILE"
API="/api/v1/estimate?$PROFILE"
# Three scenarios: the profile in Seattle, in Austin, and paid in Seattle
# while living in Denver; each gets a new offer on every request.
COMPARISON="a.years=4&a.location=seattle&a.skills=kubernetes&a.skills=aws&b.years=4&b.location=austin&b.skills=kubernetes&b.skills=aws&c.years=4&c.location=seattle&c.work_arrangement=remote&c.home=denver&c.skills=kubernetes&c.skills=aws"

for tool in wrk nginx taskset curl python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install wrk nginx curl python3 util-linux)" >&2; exit 1; }
done
if [ "$(nproc --all)" -lt 2 ]; then
  echo "needs two cores: one for the server, one for wrk" >&2
  exit 1
fi

WORK=$(mktemp -d /tmp/salary-bench.XXXXXX)
STARTED_PIDS=()
cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts our server pinned to the server core with one worker; sets
# SERVER_PID, SERVER_URL and STARTUP_MS (spawn to first 200 on /healthz).
start_server() {
  local port log output
  port=$(free_port)
  log="$WORK/server-$port.log"
  SERVER_URL="http://127.0.0.1:$port"
  # Reports go to a database in the temporary folder unless the caller names one.
  output=$(RUST_LOG=${RUST_LOG:-warn} python3 "$BENCH/probe.py" start "$log" "$SERVER_URL/healthz" -- \
    taskset -c "$SERVER_CORE" "$BINARY" serve --workers 1 --bind "127.0.0.1:$port" \
    --database-url "${SERVER_DATABASE:-sqlite://$WORK/reports.db}" "$@")
  SERVER_PID=${output% *}
  STARTUP_MS=${output#* }
  STARTED_PIDS+=("$SERVER_PID")
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

cpu_ticks() {
  # utime + stime of the process, in clock ticks (fields 14 and 15; the
  # command name in field 2 has no spaces for either server).
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

to_ms() {
  # wrk prints latencies as 512.00us, 1.20ms or 1.01s.
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "%s", v
  }'
}

# run_wrk PID URL SECONDS CONNECTIONS [wrk args...]: prints
# "req/s p50_ms p99_ms cpu_us_per_request requests errors".
run_wrk() {
  local pid=$1 url=$2 seconds=$3 connections=$4
  shift 4
  local before after out requests rps p50 p99 non2xx socket cpu
  before=$(cpu_ticks "$pid")
  out=$(taskset -c "$LOAD_CORE" wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" "$url")
  after=$(cpu_ticks "$pid")
  echo "$out" >>"$WORK/wrk.log"
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  rps=$(echo "$out" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx/ { print $NF }')
  socket=$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
  cpu=$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  echo "$rps $p50 $p99 $cpu $requests $(( ${non2xx:-0} + ${socket:-0} ))"
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

machine() {
  echo "machine: $(nproc --all) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
}

build() {
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== cargo build --release"
    cargo build --release --locked --quiet
  fi
  [ -x "$BINARY" ] || { echo "no release binary at $BINARY" >&2; exit 1; }
}

# ---------------------------------------------------------------- compare

# Security headers our server sends, so nginx sends the same amount.
NGINX_HEADERS='
    add_header Content-Security-Policy "default-src '"'"'none'"'"'; script-src '"'"'self'"'"'; style-src '"'"'self'"'"'; img-src '"'"'self'"'"'; connect-src '"'"'self'"'"'; form-action '"'"'self'"'"'; base-uri '"'"'none'"'"'; frame-ancestors '"'"'none'"'"'; manifest-src '"'"'self'"'"'";
    add_header X-Content-Type-Options nosniff;
    add_header Referrer-Policy strict-origin-when-cross-origin;
    add_header X-Frame-Options DENY;
    add_header Permissions-Policy "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    add_header Cross-Origin-Opener-Policy same-origin;
    add_header Cache-Control "public, max-age=300";'

start_nginx() {
  local port=$1 prefix="$WORK/nginx"
  mkdir -p "$prefix/logs" "$prefix/temp" "$prefix/html"
  cat >"$prefix/nginx.conf" <<EOF
worker_processes 1;
master_process off;
daemon off;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000000;
  keepalive_timeout 30s;
  open_file_cache max=64 inactive=60s;
  client_body_temp_path $prefix/temp/body;
  proxy_temp_path $prefix/temp/proxy;
  fastcgi_temp_path $prefix/temp/fastcgi;
  uwsgi_temp_path $prefix/temp/uwsgi;
  scgi_temp_path $prefix/temp/scgi;
  server {
    listen 127.0.0.1:$port;
    location = /guide {
      default_type "text/html; charset=utf-8";
      add_header Vary Accept-Encoding;$NGINX_HEADERS
      alias $prefix/html/guide.html;
    }
    # The same file without sendfile: nginx then copies the body through user
    # space into the socket, as every actix response is written. Shows how
    # much of the gap on the plain page is that copy (docs/benchmarks.md).
    location = /guide-copy {
      sendfile off;
      default_type "text/html; charset=utf-8";
      add_header Vary Accept-Encoding;$NGINX_HEADERS
      alias $prefix/html/guide.html;
    }
    location = /guide-br {
      default_type "text/html; charset=utf-8";
      add_header Content-Encoding br;
      add_header Vary Accept-Encoding;$NGINX_HEADERS
      alias $prefix/html/guide.html.br;
    }
    location = /calculator {
      default_type "text/html; charset=utf-8";$NGINX_HEADERS
      alias $prefix/html/calculator.html;
    }
    location = /api {
      default_type "application/json";$NGINX_HEADERS
      alias $prefix/html/estimate.json;
    }
  }
}
EOF
  taskset -c "$SERVER_CORE" nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" &
  NGINX_PID=$!
  STARTED_PIDS+=("$NGINX_PID")
  NGINX_URL="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -sf -o /dev/null "$NGINX_URL/guide" && return 0
    sleep 0.05
  done
  echo "nginx did not start; see $prefix/logs/error.log" >&2
  exit 1
}

compare() {
  echo
  echo "== compare: ours vs nginx, $ROUNDS alternating rounds of ${DURATION}s, $CONNECTIONS connections, wrk on core $LOAD_CORE, servers on core $SERVER_CORE"
  start_server
  local html="$WORK/nginx/html"
  mkdir -p "$html"
  # The very same bytes, fetched from our server.
  curl -sf -o "$html/guide.html" "$SERVER_URL$GUIDE"
  curl -sf -H 'Accept-Encoding: br' -o "$html/guide.html.br" "$SERVER_URL$GUIDE"
  curl -sf -o "$html/calculator.html" "$SERVER_URL$CALCULATOR"
  curl -sf -o "$html/estimate.json" "$SERVER_URL$API"
  start_nginx "$(free_port)"
  for file in guide.html guide.html.br calculator.html estimate.json; do
    printf '  %-16s %7d bytes\n' "$file" "$(stat -c %s "$html/$file")"
  done
  cmp -s "$html/guide.html" <(curl -sf "$NGINX_URL/guide") || { echo "nginx serves other bytes" >&2; exit 1; }
  cmp -s "$html/guide.html.br" <(curl -sf -H 'Accept-Encoding: br' "$NGINX_URL/guide-br") || { echo "nginx serves other bytes" >&2; exit 1; }

  local cases=(
    "guide|$GUIDE|/guide|"
    "guide-copy|$GUIDE|/guide-copy|"
    "guide-br|$GUIDE|/guide-br|Accept-Encoding: br"
    "calculator|$CALCULATOR|/calculator|"
    "api|$API|/api|"
  )
  local entry name ours theirs header round order server url pid result
  # Warm both up (our brotli body is built on its first request).
  for entry in "${cases[@]}"; do
    IFS='|' read -r name ours theirs header <<<"$entry"
    run_wrk "$SERVER_PID" "$SERVER_URL$ours" 1 "$CONNECTIONS" ${header:+-H "$header"} >/dev/null
    run_wrk "$NGINX_PID" "$NGINX_URL$theirs" 1 "$CONNECTIONS" ${header:+-H "$header"} >/dev/null
  done
  : >"$WORK/rounds"
  for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="ours nginx"; else order="nginx ours"; fi
    for entry in "${cases[@]}"; do
      IFS='|' read -r name ours theirs header <<<"$entry"
      for server in $order; do
        if [ "$server" = ours ]; then pid=$SERVER_PID url="$SERVER_URL$ours"; else pid=$NGINX_PID url="$NGINX_URL$theirs"; fi
        result=$(run_wrk "$pid" "$url" "$DURATION" "$CONNECTIONS" ${header:+-H "$header"})
        echo "$name $server $result" >>"$WORK/rounds"
        printf '  round %d %-10s %-5s %8s req/s  p50 %7s ms  p99 %7s ms  %6s us CPU/req  (%s requests, %s errors)\n' \
          "$round" "$name" "$server" $result
      done
    done
  done

  # Results the cache cannot help: every request a query never seen (a new
  # offer each time), so each is validated, estimated and rendered.
  for round in $(seq "$ROUNDS"); do
    for entry in "calculator-new|/calculator?$PROFILE|offer" "api-new|/api/v1/estimate?$PROFILE|offer" \
      "compare-new|/compare?$COMPARISON|a.offer,b.offer,c.offer" \
      "api-compare-new|/api/v1/compare?$COMPARISON|a.offer,b.offer,c.offer"; do
      IFS='|' read -r name path keys <<<"$entry"
      export UNIQUE_PATH="$path" UNIQUE_KEYS="$keys"
      result=$(run_wrk "$SERVER_PID" "$SERVER_URL" "$DURATION" "$CONNECTIONS" -s "$BENCH/unique.lua")
      echo "$name ours $result" >>"$WORK/rounds"
      printf '  round %d %-14s ours %8s req/s  p50 %7s ms  p99 %7s ms  %6s us CPU/req  (%s requests, %s errors)\n' \
        "$round" "$name" $result
    done
  done

  echo
  echo "| page | server | requests/s | p50 ms | p99 ms | CPU µs/request | ratio to nginx | target |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  local target col rps_ours rps_nginx ratio verdict
  for entry in "${cases[@]}"; do
    IFS='|' read -r name _ _ _ <<<"$entry"
    case $name in guide | guide-copy | guide-br) target=0.9 ;; calculator) target=0.6 ;; api) target=0.8 ;; esac
    for server in ours nginx; do
      local values=()
      for col in 3 4 5 6; do
        values+=("$(awk -v n="$name" -v s="$server" -v c="$col" '$1 == n && $2 == s { print $c }' "$WORK/rounds" | median)")
      done
      if [ "$server" = ours ]; then rps_ours=${values[0]}; else rps_nginx=${values[0]}; fi
      if [ "$server" = nginx ]; then
        ratio=$(awk -v a="$rps_ours" -v b="$rps_nginx" 'BEGIN { printf "%.2f", a / b }')
        verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t) ? "≥ " t " met" : "≥ " t " MISSED" }')
        printf '| %s | nginx | %.0f | %.2f | %.2f | %.1f | | |\n' "$name" "${values[@]}"
        printf '| %s | **ratio** | | | | | **%s** | %s |\n' "$name" "$ratio" "$verdict"
      else
        printf '| %s | ours | %.0f | %.2f | %.2f | %.1f | | |\n' "$name" "${values[@]}"
      fi
    done
  done
  for entry in "calculator-new|calculator" "api-new|api" "compare-new|calculator" "api-compare-new|api"; do
    IFS='|' read -r name static <<<"$entry"
    local values=()
    for col in 3 4 5 6; do
      values+=("$(awk -v n="$name" -v c="$col" '$1 == n { print $c }' "$WORK/rounds" | median)")
    done
    rps_nginx=$(awk -v n="$static" '$1 == n && $2 == "nginx" { print $3 }' "$WORK/rounds" | median)
    ratio=$(awk -v a="${values[0]}" -v b="$rps_nginx" 'BEGIN { printf "%.2f", a / b }')
    printf '| %s (every query new, not cached) | ours | %.0f | %.2f | %.2f | %.1f | %s | (not a target) |\n' "$name" "${values[@]}" "$ratio"
  done
  # A comparison of three new scenarios may cost at most three new
  # calculator results' CPU (issue 11).
  local one three
  one=$(awk '$1 == "calculator-new" { print $6 }' "$WORK/rounds" | median)
  three=$(awk '$1 == "compare-new" { print $6 }' "$WORK/rounds" | median)
  awk -v one="$one" -v three="$three" 'BEGIN {
    printf "\nthree-scenario comparison: %.1f µs CPU, %.2f times a new calculator result (target ≤ 3: %s)\n",
      three, three / one, (three <= 3 * one) ? "met" : "MISSED" }'
  stop_pid "$NGINX_PID"
  stop_pid "$SERVER_PID"
}

# ---------------------------------------------------------------- startup

startup() {
  echo
  echo "== startup and memory (bundled content, one worker, core $SERVER_CORE)"
  local times=() idle loaded i
  # Start-up is measured on an existing SQLite database: the first start
  # creates and migrates it, and is not counted.
  start_server
  stop_pid "$SERVER_PID"
  for i in 1 2 3 4 5; do
    start_server
    times+=("$STARTUP_MS")
    if [ "$i" -lt 5 ]; then stop_pid "$SERVER_PID"; fi
  done
  echo "  ready (spawn to first 200 on /healthz): ${times[*]} ms; median $(printf '%s\n' "${times[@]}" | median) ms (target ≤ 100 ms)"
  sleep 1
  read -r rss hwm anon file < <(python3 "$BENCH/probe.py" memory "$SERVER_PID")
  echo "  idle: VmRSS $((rss / 1024)).$(((rss % 1024) * 10 / 1024)) MB (anonymous $((anon / 1024)).$(((anon % 1024) * 10 / 1024)) MB, file-backed $((file / 1024)).$(((file % 1024) * 10 / 1024)) MB), VmHWM $((hwm / 1024)).$(((hwm % 1024) * 10 / 1024)) MB (target VmRSS ≤ 12 MB)"
  # Every page once in every encoding, then 256 connections for 10 s.
  for path in "$GUIDE" / /guides/ /sources /calculator; do
    for encoding in identity gzip br; do curl -sf -o /dev/null -H "Accept-Encoding: $encoding" "$SERVER_URL$path"; done
  done
  python3 "$BENCH/probe.py" sample "$SERVER_PID" 10 "$WORK/memory-256" &
  local sampler=$!
  run_wrk "$SERVER_PID" "$SERVER_URL$GUIDE" 10 256 -H 'Accept-Encoding: br' >/dev/null
  wait "$sampler"
  read -r rss hwm anon file < <(python3 "$BENCH/probe.py" memory "$SERVER_PID")
  echo "  under 256 connections (10 s, guide page): VmRSS max $(awk '{ if ($2 > m) m = $2 } END { printf "%.1f", m / 1024 }' "$WORK/memory-256") MB, VmHWM $((hwm / 1024)).$(((hwm % 1024) * 10 / 1024)) MB (target ≤ 32 MB)"
  stop_pid "$SERVER_PID"
}

# ---------------------------------------------------------------- scaling

generate_guides() {
  local dir=$1 count=$2 i section words
  mkdir -p "$dir/guides"
  cp -r "$ROOT/content/data" "$dir/"
  cp "$ROOT"/content/guides/*.md "$dir/guides/"
  local sections=(Pay Career Offers Skills Locations)
  local locations=(seattle austin new-york denver boston chicago us)
  local languages=(go rust java python typescript)
  for i in $(seq -w 1 "$count"); do
    section=${sections[$((10#$i % 5))]}
    words=$(((10#$i % 7) + 3))
    {
      echo '+++'
      echo "title = \"Generated guide $i: pay notes, part $words\""
      echo "description = \"A generated guide for the scaling run, number $i, with a figure or two from the estimator.\""
      echo "updated = 2026-$(printf '%02d' $(((10#$i % 12) + 1)))-$(printf '%02d' $(((10#$i % 28) + 1)))"
      echo "order = $((100 + 10#$i))"
      echo 'sources = ["article-2026", "bls-oews-2024"]'
      echo "section = \"$section\""
      echo '+++'
      echo
      echo "Generated guide $i looks at pay with $words years of experience in ${locations[$((10#$i % 7))]}."
      echo
      for part in $(seq 1 "$words"); do
        echo "## Part $part of guide $i"
        echo
        echo "A median backend developer with $part years here earns {{ pay years=$part stat=median location=${locations[$(((10#$i + part) % 7))]} }}, and the language premium for ${languages[$((part % 5))]} is {{ factor factor=language value=${languages[$((part % 5))]} }}."
        echo "Reading on, guide $i compares offers, notes how experience compounds, and points to the [calculator](/calculator) and the [sources](/sources). Each paragraph adds words so the index has something to hold: negotiation, equity, bonus, remote, hybrid, onsite, kubernetes, observability, latency, throughput, part $part."
        echo
      done
    } >"$dir/guides/generated-$i.md"
  done
}

scaling() {
  echo
  echo "== scaling: start-up time and memory with generated guides (plus the 12 bundled)"
  echo "| guides | ready ms | idle VmRSS MB | anonymous MB | VmHWM MB | after every page once (br) VmRSS MB |"
  echo "|---:|---:|---:|---:|---:|---:|"
  local count dir rss hwm anon file slug
  for count in 0 500 1000 2000; do
    dir="$WORK/content-$count"
    generate_guides "$dir" "$count"
    "$BINARY" check --content "$dir" >/dev/null
    start_server --content "$dir"
    sleep 1
    read -r rss hwm anon file < <(python3 "$BENCH/probe.py" memory "$SERVER_PID")
    # Then every guide asked for once with brotli, as a crawler would.
    for slug in "$dir"/guides/*.md; do
      slug=$(basename "$slug" .md)
      echo "url = \"$SERVER_URL/guides/$slug\""
      echo 'output = "/dev/null"'
    done >"$WORK/urls-$count"
    curl -s --no-progress-meter -H 'Accept-Encoding: br' --parallel --parallel-max 4 --config "$WORK/urls-$count" 2>/dev/null
    read -r rss2 _ _ _ < <(python3 "$BENCH/probe.py" memory "$SERVER_PID")
    printf '| %d | %s | %.1f | %.1f | %.1f | %.1f |\n' "$((count + 12))" "$STARTUP_MS" \
      "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$(awk -v k="$anon" 'BEGIN { print k / 1024 }')" \
      "$(awk -v k="$hwm" 'BEGIN { print k / 1024 }')" "$(awk -v k="$rss2" 'BEGIN { print k / 1024 }')"
    stop_pid "$SERVER_PID"
    rm -rf "$dir"
  done
}

# ---------------------------------------------------------------- load

load() {
  echo
  echo "== load: 15 s at 256 connections, a mix of $GUIDE (brotli), $CALCULATOR (brotli) and $API"
  start_server
  python3 "$BENCH/probe.py" sample "$SERVER_PID" 16 "$WORK/memory-load" &
  local sampler=$!
  local result
  export MIX_GUIDE=$GUIDE MIX_CALCULATOR=$CALCULATOR MIX_API=$API
  result=$(run_wrk "$SERVER_PID" "$SERVER_URL" 15 256 -s "$BENCH/mix.lua")
  wait "$sampler"
  read -r rps p50 p99 cpu requests errors <<<"$result"
  echo "  $requests requests, $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu us CPU/request, $errors errors (non-2xx/3xx or socket)"
  echo "  VmRSS each second (MB): $(awk '{ printf "%.1f ", $2 / 1024 }' "$WORK/memory-load")"
  awk -v p="$p99" -v e="$errors" 'BEGIN {
    printf "  targets: zero errors %s; p99 ≤ 20 ms %s\n", (e == 0) ? "met" : "MISSED", (p <= 20) ? "met" : "MISSED" }'
  awk 'NR == 3 { first = $2 } { last = $2; if ($2 > max) max = $2 } END {
    printf "  memory: %.1f MB at 3 s, %.1f MB at the end, peak %.1f MB (flat: %s)\n", first / 1024, last / 1024, max / 1024,
      (last - first < 2048) ? "yes" : "NO" }' "$WORK/memory-load"
  stop_pid "$SERVER_PID"
}

# ---------------------------------------------------------------- reports

# share_run NAME DATABASE_URL: one wrk run of POST /share on a fresh database.
share_run() {
  local name=$1 url=$2 tokens="$WORK/tokens-$1" result out accepted
  SERVER_DATABASE=$url start_server --content "$WORK/share-content" --submissions-per-day 1000000000
  # Each POST needs its own token, a few seconds old: fetched first.
  python3 - "$SERVER_URL" 40000 >"$tokens" <<'PY'
import http.client, re, sys, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
connection = http.client.HTTPConnection(url.hostname, url.port)
for _ in range(int(sys.argv[2])):
    connection.request("GET", "/share")
    page = connection.getresponse().read().decode()
    print(re.search(r'name="token" value="([^"]+)"', page).group(1))
PY
  sleep 4
  export SHARE_TOKENS=$tokens
  result=$(run_wrk "$SERVER_PID" "$SERVER_URL" "$DURATION" "$CONNECTIONS" -s "$BENCH/share.lua")
  read -r rps p50 p99 cpu requests errors <<<"$result"
  accepted=$(tail -n 200 "$WORK/wrk.log" | awk '/^accepted/ { n = $2 } END { print n + 0 }')
  echo "  $name: $(awk -v a="$accepted" -v d="$DURATION" 'BEGIN { printf "%.0f", a / d }') reports accepted/s ($accepted in ${DURATION} s), p50 $p50 ms, p99 $p99 ms, $cpu us CPU/request"
  stop_pid "$SERVER_PID"
}

share() {
  echo
  echo "== POST /share: reports accepted per second (one worker, core $SERVER_CORE; $CONNECTIONS connections)"
  # The data file's pending cap would close the form after a few hundred.
  cp -r "$ROOT/content" "$WORK/share-content"
  sed -i 's/^pending_cap = .*/pending_cap = 1000000000/' "$WORK/share-content/data/salary-model.toml"
  share_run sqlite "sqlite://$WORK/share.db"
  local admin=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  if psql "$admin" -qc "CREATE DATABASE salary_bench_$$" 2>/dev/null; then
    share_run postgres "${admin%/*}/salary_bench_$$"
    psql "$admin" -qc "DROP DATABASE salary_bench_$$" >/dev/null 2>&1 || true
  else
    echo "  postgres: skipped (no server at $admin; set BENCH_POSTGRES_URL)"
  fi
}

# ---------------------------------------------------------------- logins

# Issue 18, finding 6: 150 wrong logins at once once took memory from 11 MB to
# 1.75 GB (an Argon2 hash each, all at the same time). Target: under 64 MB.
logins() {
  local count=${LOGIN_COUNT:-150} name=bench-moderator
  echo
  echo "== $count wrong moderator logins at once, one network each (one worker, core $SERVER_CORE)"
  local database="sqlite://$WORK/logins.db"
  printf 'a long enough bench password\n' |
    "$BINARY" moderator add "$name" --database-url "$database" >/dev/null
  SERVER_DATABASE=$database start_server --behind-proxy
  read -r rss _ _ _ < <(python3 "$BENCH/probe.py" memory "$SERVER_PID")
  python3 "$BENCH/probe.py" sample "$SERVER_PID" 30 "$WORK/memory-logins" &
  local sampler=$! began answers
  began=$(date +%s.%N)
  answers=$(python3 "$BENCH/probe.py" logins "$SERVER_URL" "$count" "$name")
  echo "  answers (status:count): $answers, in $(awk -v b="$began" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - b }') s"
  wait "$sampler"
  local hwm after
  read -r after hwm _ _ < <(python3 "$BENCH/probe.py" memory "$SERVER_PID")
  echo "  VmRSS before $((rss / 1024)).$(((rss % 1024) * 10 / 1024)) MB, highest sampled $(awk '{ if ($2 > m) m = $2 } END { printf "%.1f", m / 1024 }' "$WORK/memory-logins") MB, VmHWM $((hwm / 1024)).$(((hwm % 1024) * 10 / 1024)) MB, after $((after / 1024)).$(((after % 1024) * 10 / 1024)) MB (target < 64 MB)"
  stop_pid "$SERVER_PID"
}

# ---------------------------------------------------------------- ab

# A/B of new calculator results against another build: the only fair way to
# say whether a change made them dearer, since this VM's speed drifts by 10%
# or more from one minute to the next (issue 11: no dearer than before).
ab() {
  [ -x "$OTHER_BINARY" ] || { echo "usage: $0 ab PATH-TO-OTHER-RELEASE-BINARY" >&2; exit 2; }
  local rounds=${AB_ROUNDS:-12} seconds=${AB_DURATION:-3}
  echo
  echo "== new calculator results: ours against $OTHER_BINARY ($rounds ABBA rounds of $seconds s, one worker on core $SERVER_CORE)"
  export UNIQUE_PATH="/calculator?$PROFILE" UNIQUE_KEYS=offer
  : >"$WORK/ab"
  local round order which binary port url pid result
  for round in $(seq "$rounds"); do
    if [ $((round % 2)) = 1 ]; then order="ours other"; else order="other ours"; fi
    for which in $order; do
      if [ "$which" = ours ]; then binary=$BINARY; else binary=$OTHER_BINARY; fi
      port=$(free_port)
      url="http://127.0.0.1:$port"
      # Builds from before visitors' reports take no database.
      local database=()
      if "$binary" serve --help 2>/dev/null | grep -q -- --database-url; then
        database=(--database-url "sqlite://$WORK/ab-$which.db")
      fi
      pid=$(RUST_LOG=warn python3 "$BENCH/probe.py" start "$WORK/ab-$which.log" "$url/healthz" -- \
        taskset -c "$SERVER_CORE" "$binary" serve --workers 1 --bind "127.0.0.1:$port" "${database[@]}")
      pid=${pid% *}
      STARTED_PIDS+=("$pid")
      run_wrk "$pid" "$url" 1 "$CONNECTIONS" -s "$BENCH/unique.lua" >/dev/null
      result=$(run_wrk "$pid" "$url" "$seconds" "$CONNECTIONS" -s "$BENCH/unique.lua")
      echo "$which $result" >>"$WORK/ab"
      printf '  round %2d %-5s %8s req/s  p50 %7s ms  p99 %7s ms  %6s us CPU/req  (%s requests, %s errors)\n' "$round" "$which" $result
      stop_pid "$pid"
    done
  done
  local ours other
  ours=$(awk '$1 == "ours" { print $5 }' "$WORK/ab" | median)
  other=$(awk '$1 == "other" { print $5 }' "$WORK/ab" | median)
  awk -v a="$ours" -v b="$other" -v ma="$(awk '$1 == "ours" { s += $5; n++ } END { print s / n }' "$WORK/ab")" \
    -v mb="$(awk '$1 == "other" { s += $5; n++ } END { print s / n }' "$WORK/ab")" 'BEGIN {
    printf "\nnew calculator result, CPU µs per request: ours median %.1f (mean %.1f), other median %.1f (mean %.1f): %.2f times the other (target ≤ 1: %s)\n",
      a, ma, b, mb, a / b, (a <= b) ? "met" : "MISSED" }'
}

echo "== $(date -u +%Y-%m-%dT%H:%MZ) salary-guide benchmark ($MODE)"
machine
build
case $MODE in
  compare) compare ;;
  startup) startup ;;
  scaling) scaling ;;
  load) load ;;
  share) share ;;
  logins) logins ;;
  ab) ab ;;
  all) startup; compare; load; share; scaling ;;
  *) echo "usage: $0 [all|compare|startup|scaling|load|share|logins|ab OTHER-BINARY]" >&2; exit 2 ;;
esac
