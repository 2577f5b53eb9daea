namespace NetPrimitives.Http;

/// <summary>The registered methods (RFC 9110 §9), interned so that parsing the common ones allocates nothing.</summary>
internal static class HttpMethods
{
    public const string Get = "GET";
    public const string Head = "HEAD";
    public const string Post = "POST";
    public const string Put = "PUT";
    public const string Delete = "DELETE";
    public const string Options = "OPTIONS";
    public const string Patch = "PATCH";
    public const string Trace = "TRACE";
    public const string Connect = "CONNECT";

    /// <summary>Returns the interned method string for <paramref name="method"/> (already validated as a token).</summary>
    public static string Intern(ReadOnlySpan<byte> method) => method.Length switch
    {
        3 when method.SequenceEqual("GET"u8) => Get,
        3 when method.SequenceEqual("PUT"u8) => Put,
        4 when method.SequenceEqual("HEAD"u8) => Head,
        4 when method.SequenceEqual("POST"u8) => Post,
        5 when method.SequenceEqual("PATCH"u8) => Patch,
        5 when method.SequenceEqual("TRACE"u8) => Trace,
        6 when method.SequenceEqual("DELETE"u8) => Delete,
        7 when method.SequenceEqual("OPTIONS"u8) => Options,
        7 when method.SequenceEqual("CONNECT"u8) => Connect,

        // Methods are case-sensitive (RFC 9110 §9.1): "get" is another, unknown method.
        _ => System.Text.Encoding.ASCII.GetString(method),
    };
}
