using System.Diagnostics.Metrics;

namespace NetPrimitives.Diagnostics;

/// <summary>
/// Names of the library's diagnostics, for subscribing with a <see cref="MeterListener"/>,
/// OpenTelemetry (<c>AddMeter(NetPrimitivesDiagnostics.MeterName)</c>) or <c>dotnet-counters</c>.
/// </summary>
public static class NetPrimitivesDiagnostics
{
    /// <summary>The name of the <see cref="Meter"/> every NetPrimitives instrument belongs to: <c>NetPrimitives</c>.</summary>
    public const string MeterName = "NetPrimitives";

    /// <summary>The shared meter. Instruments are created once per process, in the component that owns them.</summary>
    internal static readonly Meter Meter = new(MeterName, typeof(NetPrimitivesDiagnostics).Assembly.GetName().Version?.ToString());
}
