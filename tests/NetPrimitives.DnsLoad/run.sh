#!/usr/bin/env bash
# DNS load harness for docs/benchmarks.md "## Names". Runs inside a private mount + network namespace with its
# own loopback, where a resolv.conf naming 127.0.0.1 is bind-mounted over /etc/resolv.conf: System.Net.Dns then
# asks the harness's dnsmasq, and the machine's own resolver configuration is never touched. Needs root (or
# user namespaces), dnsmasq and iproute2.
#   tests/NetPrimitives.DnsLoad/run.sh [--names 10000] [--seconds 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release tests/NetPrimitives.DnsLoad -v q -nologo >/dev/null
dll="$PWD/tests/NetPrimitives.DnsLoad/bin/Release/net10.0/NetPrimitives.DnsLoad.dll"
exec unshare --mount --net sh -c '
  set -e
  ip link set lo up
  rc=$(mktemp)
  printf "nameserver 127.0.0.1\noptions timeout:5 attempts:1\n" > "$rc"
  mount --bind "$rc" /etc/resolv.conf
  dll=$1; shift
  exec dotnet "$dll" --namespace "$@"
' sh "$dll" "$@"
