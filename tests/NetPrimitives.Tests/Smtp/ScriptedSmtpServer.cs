using System.Text;

namespace NetPrimitives.Tests.Smtp;

/// <summary>
/// An in-process SMTP server over one end of a duplex pipe, scripted per test: it records every command, the
/// batches they arrived in (one read of the pipe = one batch) and the raw message data, and answers with
/// whatever <see cref="OnCommand"/> returns (null: never answer; <see cref="Close"/>: drop the connection).
/// </summary>
internal sealed class ScriptedSmtpServer
{
    public const string Close = "<close>";

    public const string DefaultEhlo = "250-test.local greets you\n250-PIPELINING\n250-SIZE 1000000\n250-8BITMIME\n250-ENHANCEDSTATUSCODES\n250 SMTPUTF8";

    private readonly IDuplexPipe _pipe;
    private readonly object _gate = new();

    public ScriptedSmtpServer(IDuplexPipe pipe) => _pipe = pipe;

    public string Greeting { get; set; } = "220 test.local ESMTP scripted";

    public string Ehlo { get; set; } = DefaultEhlo;

    /// <summary>Answers a command; null means the default answer.</summary>
    public Func<string, string?>? OnCommand { get; set; }

    /// <summary>Answers the end of data; gets the message as received (still dot-stuffed, without the final dot line).</summary>
    public Func<byte[], string> OnMessage { get; set; } = _ => "250 2.0.0 Ok: queued";

    /// <summary>Drop the connection once this many bytes of message data have arrived.</summary>
    public long? CloseAfterDataBytes { get; set; }

    public List<string> Commands { get; } = [];

    public List<List<string>> Batches { get; } = [];

    public List<byte[]> Messages { get; } = [];

    public string[] CommandsSnapshot()
    {
        lock (_gate)
        {
            return [.. Commands];
        }
    }

    public static string DefaultAnswer(string command, string ehlo)
    {
        var verb = command.Split(' ', 2)[0].ToUpperInvariant();
        return verb switch
        {
            "EHLO" => ehlo,
            "HELO" => "250 test.local",
            "MAIL" => "250 2.1.0 Ok",
            "RCPT" => "250 2.1.5 Ok",
            "DATA" => "354 End data with <CR><LF>.<CR><LF>",
            "RSET" => "250 2.0.0 Ok",
            "NOOP" => "250 2.0.0 Ok",
            "QUIT" => "221 2.0.0 Bye",
            _ => "502 5.5.2 Error: command not recognized",
        };
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var input = _pipe.Input;
        try
        {
            if (!await SendAsync(Greeting))
            {
                return;
            }

            var inData = false;
            var data = new MemoryStream();
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var batch = new List<string>();
                var stop = false;
                while (!stop && TryReadLine(ref buffer, out var lineBytes))
                {
                    if (inData)
                    {
                        if (lineBytes.Length == 1 && lineBytes[0] == (byte)'.')
                        {
                            inData = false;
                            var message = data.ToArray();
                            lock (_gate)
                            {
                                Messages.Add(message);
                            }

                            data.SetLength(0);
                            stop = !await SendAsync(OnMessage(message));
                            continue;
                        }

                        data.Write(lineBytes);
                        data.Write("\r\n"u8);
                        if (CloseAfterDataBytes is long limit && data.Length >= limit)
                        {
                            stop = true;
                            await SendAsync(Close);
                        }

                        continue;
                    }

                    var command = Encoding.UTF8.GetString(lineBytes);
                    batch.Add(command);
                    lock (_gate)
                    {
                        Commands.Add(command);
                    }

                    var answer = OnCommand?.Invoke(command) ?? DefaultAnswer(command, Ehlo);
                    if (command.Equals("DATA", StringComparison.OrdinalIgnoreCase) && answer.StartsWith("354", StringComparison.Ordinal))
                    {
                        inData = true;
                    }

                    stop = !await SendAsync(answer) || command.Equals("QUIT", StringComparison.OrdinalIgnoreCase);
                }

                if (batch.Count > 0)
                {
                    lock (_gate)
                    {
                        Batches.Add(batch);
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (stop || result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await input.CompleteAsync();
            await _pipe.Output.CompleteAsync();
        }
    }

    /// <summary>The stall answer: keep reading, never reply.</summary>
    public const string Silence = "<silence>";

    private async Task<bool> SendAsync(string answer)
    {
        if (answer == Close)
        {
            return false;
        }

        if (answer == Silence)
        {
            return true;
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n");
        var flush = await _pipe.Output.WriteAsync(bytes);
        return !flush.IsCompleted;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out byte[] line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> bytes, "\r\n"u8))
        {
            line = [];
            return false;
        }

        line = bytes.ToArray();
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
