using System.Buffers;
using System.Text;
using System.Text.Json;
using NetPrimitives.Ping;

/// <summary>
/// PingSweep's <c>--json</c>: one object per line, snake_case names, null values left out. Written with
/// <see cref="Utf8JsonWriter"/> (no reflection, so Native AOT works) rather than a serializer context: the
/// serializer's metadata and converters would be set up at every start of the native executable, --json or not.
/// </summary>
internal static class JsonOutput
{
    /// <summary>One target: {"type":"result","target":"127.0.0.1","address":"127.0.0.1","status":"Alive","rtt_ms":0.05,"ttl":64,"attempts":1}.</summary>
    public static void Result(TextWriter output, PingResult result) => output.WriteLine(Line(json =>
    {
        json.WriteString("type", "result");
        json.WriteString("target", result.Target);
        if (result.Address is { } address)
        {
            json.WriteString("address", address.ToString());
        }

        json.WriteString("status", result.Status.ToString());
        if (result.RoundTripMilliseconds is { } rtt)
        {
            json.WriteNumber("rtt_ms", rtt);
        }

        if (result.Ttl is { } ttl)
        {
            json.WriteNumber("ttl", ttl);
        }

        json.WriteNumber("attempts", result.Attempts);
        if (result.Error is { } error)
        {
            json.WriteString("error", error);
        }
    }));

    /// <summary>The last line: {"type":"summary","targets":4,"alive":4,...}.</summary>
    public static void Summary(TextWriter output, SweepSummary summary) => output.WriteLine(Line(json =>
    {
        json.WriteString("type", "summary");
        json.WriteNumber("targets", summary.Targets);
        json.WriteNumber("alive", summary.Alive);
        json.WriteNumber("timed_out", summary.TimedOut);
        json.WriteNumber("unreachable", summary.Unreachable);
        json.WriteNumber("not_resolved", summary.NotResolved);
        json.WriteNumber("probes_sent", summary.ProbesSent);
        json.WriteNumber("elapsed_ms", summary.Elapsed.TotalMilliseconds);
        json.WriteString("engine", summary.Engine.ToString());
        json.WriteBoolean("cancelled", summary.Cancelled);
    }));

    private static string Line(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
