using System.Text.Json;
using System.Text.Json.Serialization;
using NetPrimitives.Names;

/// <summary>What one NAME gave, printed as text (inet_01's lines, or dig's answer lines) or as one JSON line.</summary>
internal sealed record LookupResult(string Query, string Type, [property: JsonIgnore] Outcome Outcome)
{
    /// <summary>"found", "not_found" or "failed" (a timeout, a server failure).</summary>
    public string Status => Outcome switch
    {
        Outcome.Found => "found",
        Outcome.NotFound => "not_found",
        _ => "failed",
    };

    public string[]? Addresses { get; init; }

    public string? HostName { get; init; }

    public Answer[]? Answers { get; init; }

    public string? Error { get; init; }

    public string? ReverseError { get; init; }

    public static LookupResult From(string query, string type, HostResolutionException error) => new(query, type, error.Error switch
    {
        HostResolutionError.NotFound or HostResolutionError.NoAddress or HostResolutionError.InvalidName => Outcome.NotFound,
        _ => Outcome.Failed,
    })
    {
        Error = $"{error.Error}: {error.Message}",
    };

    public string ToJson() => JsonSerializer.Serialize(this, ResolveJson.Default.LookupResult);

    public void WriteText(TextWriter output)
    {
        if (Answers is not null)
        {
            // dig's answer section; a name without answers gets a comment line, as dig's status line.
            foreach (var answer in Answers)
            {
                output.WriteLine(answer);
            }

            if (Error is not null)
            {
                output.WriteLine($";; {Query} {Type}: {Error}");
            }

            return;
        }

        if (Error is not null && Answers is null && Addresses is null && HostName is null)
        {
            output.WriteLine(Type == "PTR" ? $"name[{Query}]={Error}" : $"ip[{Query}]={Error}");
            return;
        }

        if (Addresses is not null)
        {
            output.WriteLine($"ip[{Query}]={Addresses[0]}");
            output.WriteLine($"name[{Addresses[0]}]={HostName ?? ReverseError}");
            return;
        }

        output.WriteLine($"name[{Query}]={HostName}");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LookupResult))]
internal sealed partial class ResolveJson : JsonSerializerContext;
