namespace NetPrimitives.Hosting.Tests;

// A Generic Host as an app builds one, with its configuration in memory and no console lifetime (the test process
// keeps its own signal handling).
internal static class TestHost
{
    public static IHost Build(Action<HostApplicationBuilder> configure, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        configure(builder);
        return builder.Build();
    }
}
