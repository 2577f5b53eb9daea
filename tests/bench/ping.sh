#!/usr/bin/env bash
# PingSweeper (samples/PingSweep) against fping -a -g, in the same run, for docs/benchmarks.md "## Ping".
#   sudo tests/bench/ping.sh [output-dir]
# Needs root (raw ICMP sockets, network namespaces), fping, hyperfine and iproute2 (Debian packages).
# Sends only to 127.0.0.0/8 and to a 10.213.x.0/24 subnet that exists only inside two network namespaces
# this script creates (the same layout as tests/NetPrimitives.IntegrationTests/Ping/NetNamespaceLab.cs) and removes.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/ping-bench}
mkdir -p "$out"

dotnet build samples/PingSweep -c Release -nologo -v q >/dev/null
dotnet build tests/NetPrimitives.Load -c Release -nologo -v q >/dev/null
ps=$PWD/samples/PingSweep/bin/Release/net10.0/PingSweep
load=$PWD/tests/NetPrimitives.Load/bin/Release/net10.0/NetPrimitives.Load
# The same sample published ReadyToRun (the csproj turns it on when a runtime identifier is given).
dotnet publish samples/PingSweep -c Release -r linux-x64 --self-contained false -o "$out/r2r" -nologo -v q >/dev/null
r2r=$out/r2r/PingSweep
# And published as a native executable (Native AOT), as README.md shows.
dotnet publish samples/PingSweep -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -nologo -v q >/dev/null
aot=$out/aot/PingSweep

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"
fping -v | tee -a "$out/machine.txt"

# 1. 127.0.0.0/24, all alive. fping's defaults send one probe every 10 ms (-i 10); its fastest is -i 0.
hyperfine -N -i -w 2 -r 15 --export-markdown "$out/loopback24.md" \
  -n 'fping -a -g 127.0.0.0/24 (defaults)' 'fping -a -g 127.0.0.0/24' \
  -n 'fping -a -g -i 0 127.0.0.0/24 (fastest)' 'fping -a -g -i 0 127.0.0.0/24' \
  -n 'PingSweep 127.0.0.0/24 --alive (1000/s)' "$ps 127.0.0.0/24 --alive" \
  -n 'PingSweep 127.0.0.0/24 --alive --rate 0' "$ps 127.0.0.0/24 --alive --rate 0" \
  -n 'PingSweep (ReadyToRun publish) 127.0.0.0/24 --alive --rate 0' "$r2r 127.0.0.0/24 --alive --rate 0" \
  -n 'PingSweep (Native AOT) 127.0.0.0/24 --alive --rate 0' "$aot 127.0.0.0/24 --alive --rate 0"

# 1a. The native process against fping -i 0 alone, more runs (issue 21: no slower than fping -i 0 on a /24).
hyperfine -N -i -w 5 -r 50 --export-markdown "$out/native24.md" \
  -n 'fping -a -q -g -i 0 127.0.0.0/24' 'fping -a -q -g -i 0 127.0.0.0/24' \
  -n 'PingSweep (Native AOT) 127.0.0.0/24 --alive --rate 0' "$aot 127.0.0.0/24 --alive --rate 0"

# 1b. Start-up in context: usage only, and a one-address sweep (almost all of it process start and first-call JIT).
hyperfine -N -i -w 3 -r 20 --export-markdown "$out/startup.md" \
  -n 'PingSweep --help' "$ps --help" \
  -n 'PingSweep 127.0.0.1 --alive --rate 0' "$ps 127.0.0.1 --alive --rate 0" \
  -n 'PingSweep (ReadyToRun publish) 127.0.0.1 --alive --rate 0' "$r2r 127.0.0.1 --alive --rate 0" \
  -n 'fping -a -g -i 0 127.0.0.0/24' 'fping -a -g -i 0 127.0.0.0/24' \
  -n 'fping -a -i 0 127.0.0.1 (fping start-up, one address)' 'fping -a -i 0 127.0.0.1'

# 1c. Warm, in one process (what a long-running app sees): PingSweeper.Start + ReadAllAsync on the /24, 1,000 times
# after 100 warm-up sweeps, rate unlimited; beside fping -i 0 as a process, run right before it.
for run in 1 2 3; do
  hyperfine -N -w 3 -r 30 'fping -a -g -i 0 127.0.0.0/24' 2>&1 | grep -E 'Time|Range'
  "$load" ping-warm --targets 127.0.0.0/24 --sweeps 1000 --warmup 100 --rate 0
done | tee "$out/warm24.txt"

# 2. 127.0.0.0/16 (65,534 addresses). fping's defaults would take 65,534 x 10 ms = 11 minutes: not run.
hyperfine -N -i -w 1 -r 5 --export-markdown "$out/loopback16.md" \
  -n 'fping -a -g -i 0 127.0.0.0/16 (fastest)' 'fping -a -g -i 0 127.0.0.0/16' \
  -n 'PingSweep 127.0.0.0/16 --alive --rate 0' "$ps 127.0.0.0/16 --alive --rate 0" \
  -n 'PingSweep 127.0.0.0/16 --alive --rate 50000' "$ps 127.0.0.0/16 --alive --rate 50000"

# 3. 254 dead hosts: a /24 that the "hosts" namespace owns but never answers (icmp_echo_ignore_all=1).
id=$$; sw=npbsw$id; hs=npbhs$id; link=$(( 4 * (RANDOM % 50 + 10) ))
cleanup() { ip netns delete "$sw" 2>/dev/null || true; ip netns delete "$hs" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$sw"; ip netns add "$hs"
ip link add "a$sw" netns "$sw" type veth peer name "b$sw" netns "$hs"
ip -n "$sw" link set lo up; ip -n "$sw" link set "a$sw" up
ip -n "$sw" addr add "10.213.$link.1/30" dev "a$sw"
ip -n "$sw" route add "10.213.$((link + 1)).0/24" via "10.213.$link.2"
ip -n "$hs" link set lo up; ip -n "$hs" link set "b$sw" up
ip -n "$hs" addr add "10.213.$link.2/30" dev "b$sw"
ip -n "$hs" route add local "10.213.$((link + 1)).0/24" dev lo
ip netns exec "$hs" sysctl -q -w net.ipv4.icmp_echo_ignore_all=1
dead="10.213.$((link + 1)).0/24"
in_sw="ip netns exec $sw"

# Same timeout and retries everywhere: -t 500 -r 1, and backoff 1 so the budget is timeout x (retries + 1) = 1.0 s.
hyperfine -N -i -w 1 -r 5 --export-markdown "$out/dead254.md" \
  -n 'fping -a -g DEAD/24 -t 500 -r 1 -B 1 (defaults otherwise)' "$in_sw fping -a -g $dead -t 500 -r 1 -B 1" \
  -n 'fping -a -g -i 0 DEAD/24 -t 500 -r 1 -B 1 (fastest)' "$in_sw fping -a -g -i 0 $dead -t 500 -r 1 -B 1" \
  -n 'PingSweep DEAD/24 --timeout 500 --retries 1 --backoff 1 (1000/s)' "$in_sw $ps $dead --alive --timeout 500 --retries 1 --backoff 1" \
  -n 'PingSweep DEAD/24 --timeout 500 --retries 1 --backoff 1 --rate 0' "$in_sw $ps $dead --alive --timeout 500 --retries 1 --backoff 1 --rate 0" \
  -n 'PingSweep (ReadyToRun publish) DEAD/24 --timeout 500 --retries 1 --backoff 1 --rate 0' "$in_sw $r2r $dead --alive --timeout 500 --retries 1 --backoff 1 --rate 0"

# The sweep's own time (first probe to last result, from its summary line), without process start-up.
for spec in "127.0.0.0/24 --rate 0" "127.0.0.0/16 --rate 0" "$dead --timeout 500 --retries 1 --backoff 1 --rate 0"; do
  for run in 1 2 3; do { $in_sw "$ps" $spec --alive 2>&1 >/dev/null || true; } | tail -1; done
done | tee "$out/in-process.txt"
