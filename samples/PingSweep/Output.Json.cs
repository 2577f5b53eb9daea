using System.Text.Json;
using System.Text.Json.Serialization;
using NetPrimitives.Ping;

/// <summary>PingSweep's <c>--json</c>: one object per line, serialized by generated code (no reflection: Native AOT works).</summary>
internal static class JsonOutput
{
    public static void Result(TextWriter output, PingResult result) => output.WriteLine(JsonSerializer.Serialize(
        new TargetLine(result.Target, result.Address?.ToString(), result.Status.ToString(), result.RoundTripMilliseconds, result.Ttl, result.Attempts, result.Error),
        PingJson.Default.TargetLine));

    public static void Summary(TextWriter output, SweepSummary summary) => output.WriteLine(JsonSerializer.Serialize(
        new SummaryLine(summary.Targets, summary.Alive, summary.TimedOut, summary.Unreachable, summary.NotResolved, summary.ProbesSent,
            summary.Elapsed.TotalMilliseconds, summary.Engine.ToString(), summary.Cancelled),
        PingJson.Default.SummaryLine));
}

/// <summary>One target: {"type":"result","target":"127.0.0.1","address":"127.0.0.1","status":"Alive","rtt_ms":0.05,"ttl":64,"attempts":1}.</summary>
internal sealed record TargetLine(string Target, string? Address, string Status, double? RttMs, int? Ttl, int Attempts, string? Error)
{
    [JsonPropertyOrder(-1)]
    public string Type => "result";
}

/// <summary>The last line: {"type":"summary","targets":4,"alive":4,...}.</summary>
internal sealed record SummaryLine(long Targets, long Alive, long TimedOut, long Unreachable, long NotResolved, long ProbesSent, double ElapsedMs, string Engine, bool Cancelled)
{
    [JsonPropertyOrder(-1)]
    public string Type => "summary";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TargetLine))]
[JsonSerializable(typeof(SummaryLine))]
internal sealed partial class PingJson : JsonSerializerContext;
