using System.Diagnostics.CodeAnalysis;

namespace NetPrimitives.Http;

/// <summary>Throw helpers, so the parsing loops stay small enough to inline.</summary>
internal static class HttpThrow
{
    [DoesNotReturn]
    public static void BadRequest(string reason) => throw new HttpParseException(400, reason);

    [DoesNotReturn]
    public static void Status(int statusCode, string reason) => throw new HttpParseException(statusCode, reason);
}
