using System.Globalization;

namespace NetPrimitives.Names;

/// <summary>
/// Parses the services(5) format: <c>name port/protocol [aliases...] [# comment]</c>. Pure: text in, entries out.
/// Malformed lines are skipped (glibc does the same) and counted, so one bad line does not hide the rest.
/// </summary>
internal static class ServicesFileParser
{
    public static List<ServiceEntry> Parse(TextReader reader, out int skippedLines)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<ServiceEntry>();
        skippedLines = 0;
        while (reader.ReadLine() is { } line)
        {
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var content = hash >= 0 ? line[..hash] : line;
            var fields = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length < 2 || !TryParsePortProtocol(fields[1], out var port, out var protocol))
            {
                skippedLines++;
                continue;
            }

            entries.Add(new ServiceEntry(fields[0], port, protocol, fields.Length > 2 ? fields[2..] : []));
        }

        return entries;
    }

    private static bool TryParsePortProtocol(string field, out int port, out string protocol)
    {
        port = 0;
        protocol = string.Empty;
        var slash = field.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == field.Length - 1)
        {
            return false;
        }

        if (!int.TryParse(field.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            return false;
        }

        protocol = field[(slash + 1)..].ToLowerInvariant();
        return true;
    }
}
