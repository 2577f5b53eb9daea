using System.Diagnostics;
using System.Diagnostics.Metrics;
using NetPrimitives.Diagnostics;

namespace NetPrimitives.Smtp;

/// <summary>
/// SmtpClientRaw's instruments (once per meter) and spans, under <see cref="NetPrimitivesDiagnostics.Smtp"/>. The
/// OpenTelemetry conventions have nothing for SMTP, so the names are ours: one span per message sent, kind Client, and
/// the send's duration and recipients as metrics.
/// </summary>
internal sealed class SmtpTelemetry(Meter meter)
{
    public static readonly ActivitySource Source = ComponentMeter.CreateSource(NetPrimitivesDiagnostics.Smtp);

    private static readonly ComponentInstruments<SmtpTelemetry> Instances = new(NetPrimitivesDiagnostics.Smtp, m => new SmtpTelemetry(m));

    private readonly Histogram<double> _sendDuration = meter.CreateHistogram(
        "netprimitives.smtp.client.send.duration", "s", "Time to send one message, envelope to the final reply (error.type when it failed).",
        advice: ComponentMeter.ShortDurations);

    private readonly Counter<long> _recipients = meter.CreateCounter<long>(
        "netprimitives.smtp.client.recipients", "{recipient}", "Recipients of the messages sent, by whether the server accepted them (netprimitives.smtp.accepted).");

    /// <summary>The instruments on <paramref name="factory"/>'s Smtp meter, or on the process-wide one when it is null.</summary>
    public static SmtpTelemetry For(IMeterFactory? factory) => Instances.For(factory);

    public bool DurationEnabled => _sendDuration.Enabled;

    /// <summary>Starts the span of one message; null (and nothing allocated) when nobody listens.</summary>
    public static Activity? StartSend(string? serverAddress, int? serverPort, int recipients)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("smtp send", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            if (serverAddress is not null)
            {
                activity.SetTag("server.address", serverAddress);
            }

            if (serverPort is { } port)
            {
                activity.SetTag("server.port", port);
            }

            activity.SetTag("netprimitives.smtp.recipients", recipients);
        }

        return activity;
    }

    public void Sent(SmtpSendResult result, TimeSpan? duration)
    {
        if (duration is { } elapsed && _sendDuration.Enabled)
        {
            _sendDuration.Record(elapsed.TotalSeconds);
        }

        if (_recipients.Enabled)
        {
            var accepted = result.Recipients.Count(r => r.Accepted);
            Count(accepted, true);
            Count(result.Recipients.Count - accepted, false);
        }
    }

    public void Failed(Exception failure, TimeSpan? duration)
    {
        if (duration is { } elapsed && _sendDuration.Enabled)
        {
            _sendDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("error.type", failure.GetType().FullName));
        }
    }

    private void Count(int recipients, bool accepted)
    {
        if (recipients > 0)
        {
            _recipients.Add(recipients, new KeyValuePair<string, object?>("netprimitives.smtp.accepted", accepted));
        }
    }
}
