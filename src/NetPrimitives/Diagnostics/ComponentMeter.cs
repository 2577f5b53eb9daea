using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace NetPrimitives.Diagnostics;

/// <summary>Meters, activity sources and the bucket advice of the conventions, in one place for every component.</summary>
internal static class ComponentMeter
{
    public static readonly string? Version = typeof(NetPrimitivesDiagnostics).Assembly.GetName().Version?.ToString();

    // The OpenTelemetry conventions' boundaries for http.server.request.duration and dns.lookup.duration (also
    // Kestrel's for kestrel.tls_handshake.duration).
    public static readonly InstrumentAdvice<double> ShortDurations = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    // Kestrel's boundaries for kestrel.connection.duration: connections live from milliseconds to minutes.
    public static readonly InstrumentAdvice<double> ConnectionDurations = new()
    {
        HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    };

    public static Meter Create(string name, IMeterFactory? factory) =>
        factory is null ? new Meter(name, Version) : factory.Create(new MeterOptions(name) { Version = Version });

    public static ActivitySource CreateSource(string name) => new(name, Version);
}

/// <summary>
/// A component's instruments, created once per meter: once per process for the meter without a factory, and once per
/// meter a factory hands out (a factory returns the same meter for the same name, and the table forgets it with the
/// factory). Components look their instruments up when they are built, never per operation.
/// </summary>
// The annotation is Lazy's and ConditionalWeakTable's; the instruments are made by create, never by reflection.
internal sealed class ComponentInstruments<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
    string meterName, Func<Meter, T> create)
    where T : class
{
    private readonly Lazy<T> _default = new(() => create(ComponentMeter.Create(meterName, null)));
    private readonly ConditionalWeakTable<Meter, T> _byMeter = new();

    public T For(IMeterFactory? factory) =>
        factory is null ? _default.Value : _byMeter.GetValue(ComponentMeter.Create(meterName, factory), meter => create(meter));
}
