using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace NetPrimitives.Tests.Diagnostics;

/// <summary>
/// A real <see cref="IMeterFactory"/> (the one <c>AddMetrics</c> registers, as in a hosted app) and collectors bound
/// to it: they see only the measurements of components given this factory, never those of tests running beside.
/// </summary>
internal sealed class TestMeters : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    public MetricCollector<T> Collect<T>(string meterName, string instrumentName)
        where T : struct => new(Factory, meterName, instrumentName);

    public void Dispose() => _services.Dispose();
}
