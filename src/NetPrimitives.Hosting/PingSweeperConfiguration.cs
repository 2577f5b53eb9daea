using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NetPrimitives.Ping;
using static NetPrimitives.Hosting.ConfigurationReader;

namespace NetPrimitives.Hosting;

// PingSweeperOptions are init-only (a sweeper's settings never change under it), so the options system cannot set
// them on an instance it created: this factory creates the instance itself, from configuration or from the app's
// delegate, and then runs the usual configure, post-configure and validate steps on it.
internal sealed class PingSweeperOptionsFactory(Func<PingSweeperOptions> create, IEnumerable<IConfigureOptions<PingSweeperOptions>> setups,
    IEnumerable<IPostConfigureOptions<PingSweeperOptions>> postConfigures, IEnumerable<IValidateOptions<PingSweeperOptions>> validations)
    : OptionsFactory<PingSweeperOptions>(setups, postConfigures, validations)
{
    protected override PingSweeperOptions CreateInstance(string name) => create();

    // Reads every setting, each checked alone by the options' own init accessor (a failure is recorded with its path
    // and the default kept), then creates the options with all the valid ones.
    public static PingSweeperOptions FromConfiguration(IConfiguration section)
    {
        var defaults = new PingSweeperOptions();
        TimeSpan? timeout = null;
        int? retries = null, rate = null, concurrency = null, pingClass = null, payload = null;
        double? backoff = null;
        PingEngine? engine = null;
        List<int>? ports = null;
        var settings = new Dictionary<string, Action<PingSweeperOptions, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Timeout"] = (_, v) => timeout = Check(Time(v), t => new PingSweeperOptions { Timeout = t }),
            ["Retries"] = (_, v) => retries = Check(Int(v), n => new PingSweeperOptions { Retries = n }),
            ["BackoffFactor"] = (_, v) => backoff = Check(Double(v), f => new PingSweeperOptions { BackoffFactor = f }),
            ["RatePerSecond"] = (_, v) => rate = Check(Int(v), n => new PingSweeperOptions { RatePerSecond = n }),
            ["MaxConcurrency"] = (_, v) => concurrency = Check(Int(v), n => new PingSweeperOptions { MaxConcurrency = n }),
            ["PingClassConcurrency"] = (_, v) => pingClass = Check(Int(v), n => new PingSweeperOptions { PingClassConcurrency = n }),
            ["PayloadSize"] = (_, v) => payload = Check(Int(v), n => new PingSweeperOptions { PayloadSize = n }),
            ["Engine"] = (_, v) => engine = Enum<PingEngine>(v),
        };
        for (var i = 0; i < 64; i++)
        {
            var index = i;
            settings["TcpPorts:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = (_, v) =>
            {
                var port = Int(v);
                _ = new PingSweeperOptions { TcpPorts = [port] };
                (ports ??= []).Add(port);
            };
        }

        // The configuration is read into a scratch instance only to collect the errors against it; they move to the result.
        var scratch = new PingSweeperOptions();
        Apply(section, scratch, settings);
        var options = new PingSweeperOptions
        {
            Timeout = timeout ?? defaults.Timeout,
            Retries = retries ?? defaults.Retries,
            BackoffFactor = backoff ?? defaults.BackoffFactor,
            RatePerSecond = rate ?? defaults.RatePerSecond,
            MaxConcurrency = concurrency ?? defaults.MaxConcurrency,
            PingClassConcurrency = pingClass ?? defaults.PingClassConcurrency,
            PayloadSize = payload ?? defaults.PayloadSize,
            Engine = engine ?? defaults.Engine,
            TcpPorts = ports ?? defaults.TcpPorts,
        };
        MoveSource(scratch, options);
        return options;
    }

    private static T Check<T>(T value, Func<T, PingSweeperOptions> probe)
    {
        _ = probe(value);
        return value;
    }
}
