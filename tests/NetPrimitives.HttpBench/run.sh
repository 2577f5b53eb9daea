#!/usr/bin/env bash
# The wrk comparison of docs/benchmarks.md. Loopback only; every run bounded (DURATION seconds per column).
#   [SERVERS="mini kestrel"] tests/NetPrimitives.HttpBench/run.sh [duration-seconds]
# The compression column: COMPRESSED=1 runs mini-compressed and kestrel-compressed (4 KiB of text per response)
# with "Accept-Encoding: $ACCEPT_ENCODING" (default "gzip, br": both servers then choose brotli).
# The HTTPS columns: TLS=1 runs mini-tls and kestrel-tls with one self-signed ECDSA P-256 certificate for 127.0.0.1
# (made here with openssl), plus a handshake column: every request on a new connection ("Connection: close").
set -euo pipefail
cd "$(dirname "$0")"
DURATION=${1:-10}
if [ "${COMPRESSED:-0}" = 1 ]; then
  SERVERS=${SERVERS:-mini-compressed kestrel-compressed}
  headers=(-H "Accept-Encoding: ${ACCEPT_ENCODING:-gzip, br}")
else
  headers=()
fi
scheme=http
modes="plain pipelined"
if [ "${TLS:-0}" = 1 ]; then
  SERVERS=${SERVERS:-mini-tls kestrel-tls}
  scheme=https
  modes="plain pipelined handshake"
  certdir=$(mktemp -d)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$certdir/key.pem" -out "$certdir/cert.pem" 2>/dev/null
  openssl pkcs12 -export -inkey "$certdir/key.pem" -in "$certdir/cert.pem" -passout pass: -out "$certdir/bench.pfx"
  export BENCH_CERT="$certdir/bench.pfx"
fi
PORT=${PORT:-18080}
dotnet build -c Release -v q -nologo . >/dev/null
# Servers alternate within each column (not one server's four columns after the other's), so that a neighbour's
# load on the shared machine hits both sides of a ratio alike.
for conns in 64 256; do
  for mode in $modes; do
    for server in ${SERVERS:-mini kestrel listener}; do
      lifetime=$((DURATION + 15))
      # A log per run: with one shared file, the previous server's "ready" could be read before the new one truncates it.
      log="/tmp/np-bench-server-$server-$conns-$mode.log"
      rm -f "$log"
      dotnet bin/Release/net10.0/NetPrimitives.HttpBench.dll "$server" "$PORT" "$lifetime" > "$log" 2>&1 &
      pid=$!
      for _ in $(seq 1 100); do grep -q ready "$log" 2>/dev/null && break; sleep 0.2; done
      script=()
      [ "$mode" = pipelined ] && script=(-s pipeline.lua)
      [ "$mode" = handshake ] && script=(-H "Connection: close")
      wrk -t2 -c"$conns" -d"${DURATION}s" --latency "${headers[@]}" "${script[@]}" "$scheme://127.0.0.1:$PORT/plaintext" > "/tmp/np-bench-$server-$conns-$mode.txt" 2>&1 || true
      rps=$(awk '/Requests\/sec/ {print $2}' "/tmp/np-bench-$server-$conns-$mode.txt")
      p99=$(awk '$1=="99%" {print $2}' "/tmp/np-bench-$server-$conns-$mode.txt")
      errors=$(grep -E "Socket errors|Non-2xx" "/tmp/np-bench-$server-$conns-$mode.txt" | tr '\n' ' ' || true)
      echo "$server c=$conns $mode rps=$rps p99=$p99 load=$(cut -d' ' -f1 /proc/loadavg) $errors"
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      PORT=$((PORT + 1))
    done
  done
done
[ -n "${certdir:-}" ] && rm -rf "$certdir"
true
