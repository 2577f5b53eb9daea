using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace NetPrimitives.Hosting;

// Applies a configuration section to an options object through a table of named setters, one per setting, without
// reflection (the package is trimming- and AOT-safe, as the library is). A value that does not parse, that the
// options' own setter refuses, or a key that is no setting, is recorded with its full configuration path instead of
// thrown: OptionsValidator reports them all together when the options are validated, at host start (ValidateOnStart).
internal static class ConfigurationReader
{
    // The configuration path and the errors of each options instance read from configuration.
    private static readonly ConditionalWeakTable<object, OptionsSource> Sources = new();

    public static void Apply<T>(IConfiguration section, T target, IReadOnlyDictionary<string, Action<T, string>> setters)
        where T : class
    {
        var source = Sources.GetValue(target, static _ => new OptionsSource());
        source.Path = section is IConfigurationSection s ? s.Path : null;
        foreach (var (key, value) in Leaves(section, prefix: null))
        {
            var path = source.Path is null ? key : source.Path + ":" + key;
            if (!setters.TryGetValue(key, out var set))
            {
                source.Errors.Add($"{path}: not a setting of {typeof(T).Name} (settings: {string.Join(", ", Names(setters.Keys))}).");
                continue;
            }

            try
            {
                set(target, value);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                source.Errors.Add($"{path}: '{value}' is not valid: {Describe(e)}");
            }
        }
    }

    public static void MoveSource(object from, object to)
    {
        if (Sources.TryGetValue(from, out var source))
        {
            Sources.AddOrUpdate(to, source);
        }
    }

    // The settings' names for a message: an array setting ("TcpPorts:0", "TcpPorts:1"...) once, as "TcpPorts".
    private static IEnumerable<string> Names(IEnumerable<string> keys) =>
        keys.Select(k => k.LastIndexOf(':') is var colon and > 0 && int.TryParse(k.AsSpan(colon + 1), CultureInfo.InvariantCulture, out _) ? k[..colon] : k).Distinct();

    public static OptionsSource? SourceOf(object options) => Sources.TryGetValue(options, out var source) ? source : null;

    // An exception's message without the "(Parameter 'x')" and "Actual value was" lines the runtime appends.
    public static string Describe(Exception e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message.Split('\n')[0]).TrimEnd();
    }

    // Keys relative to the section, with ':' between levels ("Limits:MaxRequestBodySize", "TcpPorts:0").
    private static IEnumerable<(string Key, string Value)> Leaves(IConfiguration section, string? prefix)
    {
        foreach (var child in section.GetChildren())
        {
            var key = prefix is null ? child.Key : prefix + ":" + child.Key;
            if (child.Value is { } value)
            {
                yield return (key, value);
            }

            foreach (var leaf in Leaves(child, key))
            {
                yield return leaf;
            }
        }
    }

    public static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static long Long(string value) => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static double Double(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool Bool(string value) => bool.Parse(value);

    // "00:00:30" (hh:mm:ss, as the configuration binder reads a TimeSpan) or "Infinite" for Timeout.InfiniteTimeSpan.
    public static TimeSpan Time(string value) => value.Equals("Infinite", StringComparison.OrdinalIgnoreCase)
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.Parse(value, CultureInfo.InvariantCulture);

    // An empty value is "none" for a nullable setting.
    public static T? Nullable<T>(string value, Func<string, T> parse)
        where T : struct => value.Length == 0 ? null : parse(value);

    public static TEnum Enum<TEnum>(string value)
        where TEnum : struct, Enum => System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var result) && System.Enum.IsDefined(result)
            ? result
            : throw new FormatException($"expected one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");

    // "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80": an IP address and a port from 0 to 65535 (0: the system picks).
    public static IPEndPoint EndPoint(string value) => IPEndPoint.TryParse(value, out var endPoint) && value.Contains(':', StringComparison.Ordinal)
        ? endPoint
        : throw new FormatException("expected an IP address and a port from 0 to 65535, such as 127.0.0.1:8080 or [::]:8080.");

    internal sealed class OptionsSource
    {
        public string? Path { get; set; }

        public List<string> Errors { get; } = [];
    }
}
