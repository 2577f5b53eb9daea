#!/usr/bin/env bash
# Consumer check: the packages used as a user uses them, outside this repository's build.
#  1. packs NetPrimitives, NetPrimitives.Testing and NetPrimitives.Hosting (Release, CI settings) into a temporary
#     folder the way the README does (dotnet pack src/Packages.proj: the libraries only, no tests), with a version of their
#     own (<VersionPrefix>-consumer.<UTC time>.<pid>), so the restore below can only find these packages;
#  2. checks the packages (metadata, README, licence, XML docs, deterministic, Source Link): CheckPackages.cs;
#  3. copies App/, HostedApp/ and FramingTests/ (sources checked in here, csproj kept as *.csproj.template so nothing at
#     the repository root builds or tests them) to the temporary folder, next to the README's nuget.config:
#     the machine's default package source kept, the package folder added beside it;
#     and restores them into an empty package cache (NUGET_PACKAGES = a new folder), as on a fresh machine;
#  4. builds them, runs the app (EchoServer and MiniHttpServer on loopback port 0), the hosted app (the same servers
#     in a Generic Host through NetPrimitives.Hosting, started and stopped) and the xunit framing tests written with
#     NetPrimitives.Testing;
#  5. prints "consumer check: PASS" and exits 0, or "consumer check: FAIL (<step>)" and exits 1.
# Run from anywhere: tests/consumer/run.sh. .ci/run runs it before the test step.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/netprimitives-consumer.XXXXXX")"
step="setup"
version=""
# The consumer projects' package cache: empty at the start, deleted with the folder at the end.
cache="$work/nuget-packages"

finish() {
    local status=$?
    rm -rf "$work"
    if [ "$status" -eq 0 ]; then
        echo "consumer check: PASS (NetPrimitives $version from a package folder into an empty package cache: app against EchoServer and MiniHttpServer, hosted app with NetPrimitives.Hosting, xunit framing tests)"
    else
        echo "consumer check: FAIL ($step)"
    fi
    exit "$status"
}
trap finish EXIT

echo "== consumer check in $work"
# Stop MSBuild's search for Directory.Build.* / Directory.Packages.props at the temporary folder.
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "$work/$f"; done

step="read the version"
prefix="$(dotnet msbuild "$repo/src/NetPrimitives/NetPrimitives.csproj" -getProperty:VersionPrefix)"
suffix="consumer.$(date -u +%Y%m%d%H%M%S).$$"
version="$prefix-$suffix"

step="pack"
dotnet pack "$repo/src/Packages.proj" -o "$work/packages" -warnaserror \
    -p:VersionSuffix="$suffix" -p:ContinuousIntegrationBuild=true -nologo -v:q
ls -l "$work/packages"

step="check the packages"
mkdir "$work/check"
cp "$here/CheckPackages.cs" "$work/check/"
(cd "$work/check" && dotnet run CheckPackages.cs -- "$work/packages" "$version")

step="write the consumer projects"
# The README's nuget.config, word for word but for the folder.
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <!-- No <clear />: the machine's default source stays, for the packages' own dependencies. -->
    <add key="local" value="$work/packages" />
  </packageSources>
</configuration>
XML
mkdir "$cache"
export NUGET_PACKAGES="$cache"
# The test packages in the same versions as the repository's own tests (one place: Directory.Packages.props).
package_version() {
    sed -n "s/.*<PackageVersion Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$repo/Directory.Packages.props"
}
for project in App HostedApp FramingTests; do
    mkdir "$work/$project"
    cp "$here/$project/"*.cs "$work/$project/"
    sed -e "s/@VERSION@/$version/g" \
        -e "s/@TESTSDK_VERSION@/$(package_version Microsoft.NET.Test.Sdk)/g" \
        -e "s/@XUNIT_VERSION@/$(package_version xunit.v3)/g" \
        -e "s/@XUNIT_RUNNER_VERSION@/$(package_version xunit.runner.visualstudio)/g" \
        -e "s/@HOSTING_VERSION@/$(package_version Microsoft.Extensions.Hosting)/g" \
        "$here/$project/$project.csproj.template" > "$work/$project/$project.csproj"
done

step="build the console app"
dotnet build "$work/App/App.csproj" -c Release -nologo -v:q
step="check where the package came from"
grep -q "\"source\": \"$work/packages" "$cache/netprimitives/$version/.nupkg.metadata" \
    || { echo "NetPrimitives $version was not restored from $work/packages"; false; }
step="run the console app"
timeout 60 dotnet "$work/App/bin/Release/net10.0/App.dll"

step="build the hosted console app"
dotnet build "$work/HostedApp/HostedApp.csproj" -c Release -nologo -v:q
step="check where the package came from"
grep -q "\"source\": \"$work/packages" "$cache/netprimitives.hosting/$version/.nupkg.metadata" \
    || { echo "NetPrimitives.Hosting $version was not restored from $work/packages"; false; }
step="run the hosted console app"
timeout 60 dotnet "$work/HostedApp/bin/Release/net10.0/HostedApp.dll"

step="build the xunit project"
dotnet build "$work/FramingTests/FramingTests.csproj" -c Release -nologo -v:q
step="check where the package came from"
grep -q "\"source\": \"$work/packages" "$cache/netprimitives.testing/$version/.nupkg.metadata" \
    || { echo "NetPrimitives.Testing $version was not restored from $work/packages"; false; }
step="run the xunit framing tests"
timeout 300 dotnet test "$work/FramingTests/FramingTests.csproj" -c Release --no-build -nologo
step="done"
