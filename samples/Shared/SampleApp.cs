using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Net.Sockets;
using NetPrimitives.Names;

namespace NetPrimitives.Samples.Cli;

/// <summary>
/// Runs a sample's command line, the one place where what every sample shares is decided: a usage error prints
/// what was wrong and the usage line (exit 2), <c>--help</c> ends with the exit codes, Ctrl+C and SIGTERM cancel
/// the token the action gets (exit 130 and 143 once it has stopped gracefully), and the library's typed
/// exceptions end the program with one line and their exit code instead of a stack trace.
/// </summary>
public static class SampleApp
{
    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="command"/> and runs the chosen action with the stop
    /// token. <paramref name="exitCodes"/> is printed at the end of the help; <paramref name="usageExitCode"/> is 2
    /// except for a sample with codes of its own (PingSweep: fping's 3).
    /// </summary>
    public static async Task<int> RunAsync(RootCommand command, string[] args, string exitCodes = ExitCodes.Standard, int usageExitCode = ExitCodes.Usage)
    {
        ArgumentNullException.ThrowIfNull(command);
        var help = command.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((SynchronousCommandLineAction)help.Action!, exitCodes);
        var parse = command.Parse(args);
        var unknown = parse.Action == parse.CommandResult.Command.Action ? UnknownOption(parse, args) : null; // not for --help, --version
        if (parse.Action is ParseErrorAction || unknown is not null)
        {
            WriteUsageError(command.Name, parse, unknown);
            return usageExitCode;
        }

        using var stop = new StopSignals();
        int exitCode;
        try
        {
            // The signals are handled here (StopSignals), not by System.CommandLine, so the code says which one came.
            exitCode = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stop.Token);
        }
        catch (OperationCanceledException) when (stop.ExitCode is not null)
        {
            exitCode = ExitCodes.Failure; // replaced by the signal's code below
        }
        catch (Exception ex) when (Describe(ex, usageExitCode) is { } failure)
        {
            if (stop.ExitCode is null)
            {
                Console.Error.WriteLine($"{command.Name}: {failure.Message}");
                return failure.ExitCode;
            }

            exitCode = failure.ExitCode; // a failure caused by the stop itself (a connection torn down): still a stop
        }

        if (stop.Reason is { } reason)
        {
            Console.Error.WriteLine($"{command.Name}: stopped ({reason})");
            return stop.ExitCode!.Value;
        }

        return exitCode;
    }

    /// <summary>
    /// The exit code and the one line a failure gets: usage errors (a value the library refuses) exit 2, network and
    /// runtime failures (every exception of the library's transport, framing, SMTP and UDP families is an
    /// <see cref="IOException"/>) exit 1; anything else is a bug and is not caught.
    /// </summary>
    public static (int ExitCode, string Message)? Describe(Exception exception, int usageExitCode = ExitCodes.Usage) => exception switch
    {
        SampleException sample => (sample.ExitCode == ExitCodes.Usage ? usageExitCode : sample.ExitCode, sample.Message),
        InvalidHostNameException invalid => (usageExitCode, invalid.Message),
        HostResolutionException resolution => (ExitCodes.Failure, resolution.Message),
        ArgumentException argument => (usageExitCode, argument.Message),
        IOException or SocketException or UnauthorizedAccessException => (ExitCodes.Failure, exception.Message),
        _ => null,
    };

    // System.CommandLine takes "--no-such-option" as a positional value (a NAME, a target, a mail file) when the
    // command has positional arguments; an option was meant, so it is refused. After "--" anything goes.
    private static string? UnknownOption(ParseResult parse, string[] args)
    {
        if (args.Contains("--"))
        {
            return null;
        }

        return parse.CommandResult.Command.Arguments
            .SelectMany(argument => parse.GetResult(argument)?.Tokens ?? [])
            .Select(token => token.Value)
            .FirstOrDefault(value => value.Length > 1 && value[0] == '-' && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    // "Echo: --port: 70000 is not a port (1-65535 or 0)", then the usage of the command that was being parsed.
    private static void WriteUsageError(string name, ParseResult parse, string? unknownOption)
    {
        if (unknownOption is not null)
        {
            Console.Error.WriteLine($"{name}: {SampleOptions.Printable(unknownOption)} is not an option here (a value that starts with '-' goes after --)");
        }

        foreach (var error in parse.Errors)
        {
            Console.Error.WriteLine($"{name}: {SampleOptions.Printable(error.Message)}");
        }

        var path = CommandPath(parse.CommandResult);
        Console.Error.WriteLine($"usage: {UsageLine(path, parse.CommandResult.Command)}");
        Console.Error.WriteLine($"Try '{path} --help' for more.");
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? symbol = result; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is CommandResult command)
            {
                names.Insert(0, command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    // argparse's usage line: "Echo server [--bind ADDRESS] [--port N]", "Chat listen --nick NAME [--port N]".
    private static string UsageLine(string path, Command command)
    {
        var parts = new List<string> { path };
        if (command.Subcommands.Count > 0)
        {
            parts.Add("{" + string.Join('|', command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)) + "}");
        }

        foreach (var option in command.Options.Where(o => !o.Hidden && o is not HelpOption and not VersionOption))
        {
            var text = option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant()}";
            parts.Add(option.Required ? text : $"[{text}]");
        }

        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var text = argument.Arity.MaximumNumberOfValues > 1 ? $"{argument.Name}..." : argument.Name;
            parts.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{text}]" : text);
        }

        return string.Join(' ', parts);
    }

    // System.CommandLine's help, then the exit codes.
    private sealed class HelpWithExitCodes(SynchronousCommandLineAction help, string exitCodes) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(exitCodes);
            return ExitCodes.Ok;
        }
    }
}
