using System.Diagnostics;
using System.Net;
using NetPrimitives.Diagnostics;
using NetPrimitives.Http;
using NetPrimitives.Names;
using NetPrimitives.Ping;
using NetPrimitives.Smtp;
using NetPrimitives.Tests.Http;
using NetPrimitives.Tests.Ping;
using NetPrimitives.Tests.Smtp;

namespace NetPrimitives.Tests.Diagnostics;

/// <summary>
/// An ActivityListener sees every activity of the process, and the allocation test needs none attached: these tests run
/// alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(TracingCollection), DisableParallelization = true)]
public sealed class TracingCollection;

/// <summary>The spans of each component, their names, kinds and attributes, and the W3C parent of an HTTP request.</summary>
[Collection(nameof(TracingCollection))]
public sealed class TracingTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ParentSpanId = "b7ad6b7169203331";

    [Fact]
    public async Task An_http_request_is_a_server_span_whose_parent_is_the_requests_traceparent()
    {
        using var spans = new SpanCollector(NetPrimitivesDiagnostics.Http);
        Activity? current = null;
        await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/items/{id}", (_, response) =>
        {
            current = Activity.Current;
            return response.SendTextAsync("item").AsTask();
        }));
        await using (var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint))
        {
            await client.SendAsync($"GET /items/7?x=1 HTTP/1.1\r\nHost: x\r\ntraceparent: 00-{TraceId}-{ParentSpanId}-01\r\ntracestate: congo=t61rcWkgMzE\r\n\r\n");
            Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
        }

        await server.StopAsync();
        var span = Assert.Single(spans.Stopped);
        Assert.Same(span, current); // the handler runs inside it
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("GET /items/{id}", span.DisplayName);
        Assert.Equal(TraceId, span.TraceId.ToHexString());
        Assert.Equal(ParentSpanId, span.ParentSpanId.ToHexString());
        Assert.True(span.HasRemoteParent);
        Assert.Equal("congo=t61rcWkgMzE", span.TraceStateString);
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal("/items/{id}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("/items/7", span.GetTagItem("url.path"));
        Assert.Equal("x=1", span.GetTagItem("url.query"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_request_without_traceparent_starts_a_trace_and_a_failing_handler_marks_its_span_an_error()
    {
        using var spans = new SpanCollector(NetPrimitivesDiagnostics.Http);
        await using var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/fail", (_, _) => throw new InvalidOperationException("boom")));
        await using (var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint))
        {
            await client.SendAsync("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(500, (await client.ReadResponseAsync()).StatusCode);
        }

        await server.StopAsync();
        var span = Assert.Single(spans.Stopped);
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal("GET /fail", span.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("error.type"));
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task A_host_lookup_is_a_client_span_with_the_name_asked()
    {
        using var spans = new SpanCollector(NetPrimitivesDiagnostics.Names);
        var resolver = new HostResolver(new HostResolverOptions(), null, new FoundOnlyBackend());
        await resolver.GetHostByNameAsync("found.example");
        await Assert.ThrowsAsync<HostResolutionException>(() => resolver.GetHostByNameAsync("missing.example"));

        Assert.Equal(2, spans.Stopped.Count);
        var found = spans.Stopped[0];
        Assert.Equal(("DNS lookup", ActivityKind.Client), (found.DisplayName, found.Kind));
        Assert.Equal("found.example", found.GetTagItem("dns.question.name"));
        Assert.Equal(["127.0.0.1"], (string[])found.GetTagItem("dns.answers")!);
        var missing = spans.Stopped[1];
        Assert.Equal(ActivityStatusCode.Error, missing.Status);
        Assert.Equal("not_found", missing.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Each_message_sent_is_a_client_span()
    {
        using var spans = new SpanCollector(NetPrimitivesDiagnostics.Smtp);
        await using var session = await SmtpSessionFixture.StartAsync();
        await session.Client.SendMailAsync("a@example.com", ["b@example.com", "c@example.com"], "Subject: hi\r\n\r\nhello\r\n");
        await session.Client.SendMailAsync("a@example.com", ["b@example.com"], "Subject: again\r\n\r\nhello\r\n");

        Assert.Equal(2, spans.Stopped.Count);
        Assert.All(spans.Stopped, s => Assert.Equal(("smtp send", ActivityKind.Client, ActivityStatusCode.Unset), (s.DisplayName, s.Kind, s.Status)));
        Assert.Equal(2, spans.Stopped[0].GetTagItem("netprimitives.smtp.recipients"));
        Assert.Equal(1, spans.Stopped[1].GetTagItem("netprimitives.smtp.recipients"));
    }

    [Fact]
    public async Task A_sweep_is_an_internal_span_with_its_totals()
    {
        using var spans = new SpanCollector(NetPrimitivesDiagnostics.Ping);
        var fake = new FakePinger(SweepPath.PerProbe, _ => FakeReply.Alive());
        var results = await SweepTestKit.CollectAsync(SweepTestKit.Sweeper(fake, SweepTestKit.Options(fake)).SweepAsync(PingTargets.Parse("10.0.0.1")));

        Assert.Single(results);
        var span = Assert.Single(spans.Stopped);
        Assert.Equal(("ping sweep", ActivityKind.Internal), (span.DisplayName, span.Kind));
        Assert.Equal(1L, span.GetTagItem("netprimitives.ping.targets"));
        Assert.Equal(1L, span.GetTagItem("netprimitives.ping.alive"));
    }

    [Fact]
    public void Without_a_listener_starting_a_span_allocates_nothing()
    {
        var head = new HttpRequestHead(HttpMethods.Get, "/hello", NetPrimitives.Http.HttpVersion.Http11, new HttpHeaders(0));
        Assert.False(HttpTracing.Source.HasListeners());
        Assert.False(NamesTracing.Source.HasListeners());
        Assert.False(SmtpTelemetry.Source.HasListeners());
        Assert.False(PingTracing.Source.HasListeners());
        _ = HttpTracing.StartRequest(head, "http", null); // warm: first calls may compile or initialize statics

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Null(HttpTracing.StartRequest(head, "http", null));
            Assert.Null(NamesTracing.StartLookup("example.com"));
            Assert.Null(SmtpTelemetry.StartSend("mail.example", 25, 1));
            Assert.Null(PingTracing.StartSweep(PingEngine.RawSocket, 1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Samples every activity of one source and keeps those that stopped, in order.</summary>
    private sealed class SpanCollector : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _stopped = [];

        public SpanCollector(string sourceName)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == sourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (_stopped)
                    {
                        _stopped.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Stopped
        {
            get
            {
                lock (_stopped)
                {
                    return [.. _stopped];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
