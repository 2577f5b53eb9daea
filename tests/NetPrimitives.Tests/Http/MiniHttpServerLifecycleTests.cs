using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using NetPrimitives.Diagnostics;
using NetPrimitives.Tests.Diagnostics;
using NetPrimitives.Http;
using NetPrimitives.Tests.Transport;

namespace NetPrimitives.Tests.Http;

/// <summary>Graceful stop, the access log and the metrics.</summary>
public sealed class MiniHttpServerLifecycleTests
{
    [Fact]
    public async Task Stop_lets_the_request_in_flight_finish_and_closes_idle_connections()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/slow", async (_, response) =>
        {
            entered.SetResult();
            await release.Task;
            await response.SendTextAsync("finished");
        }));
        await using var busy = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await using var idle = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await idle.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, (await idle.ReadResponseAsync()).StatusCode);
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var stop = server.StopAsync(deadline.Token);
        Assert.True(await idle.IsClosedAsync(), "idle keep-alive connection should close at once on stop");
        Assert.False(stop.IsCompleted, "stop must wait for the request in flight");

        release.SetResult();
        var response = await busy.ReadResponseAsync();
        Assert.Equal("finished", response.Text);
        Assert.Equal("close", response["Connection"]);
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(deadline.IsCancellationRequested, "the drain should not have needed the deadline");
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stop_aborts_a_handler_that_outlives_the_deadline()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await MiniHttpServerTests.StartAsync(s => s.Map("GET", "/stuck", async (_, response) =>
        {
            entered.SetResult();
            await release.Task;
            await response.SendTextAsync("too late");
        }));
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The stop's deadline fires while the handler is still busy: its connection is aborted, and the handler's
        // late response goes nowhere.
        using var deadline = new CancellationTokenSource();
        var stop = server.StopAsync(deadline.Token);
        Assert.False(stop.IsCompleted, "stop must wait for the request in flight");
        await deadline.CancelAsync();
        Assert.True(await client.IsClosedAsync());
        release.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(15));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Access_log_is_in_common_log_format_with_event_id_402()
    {
        var sink = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        await using var server = await MiniHttpServerTests.StartAsync(logger: factory.CreateLogger<MiniHttpServer>());
        await using var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint);
        await client.SendAsync("GET /hello?x=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
        await client.ReadResponseAsync();
        await client.ReadResponseAsync();

        // The access line is logged once the response has been written, which can be just after the client
        // has read it: wait for both lines (each entry logged is the signal to look again), then check them.
        await PipeRead.UntilAsync(() => sink.Entries.Count(e => e.Id == 402) >= 2, "both access lines are logged", h => sink.Logged += h, h => sink.Logged -= h);

        var access = sink.Entries.Where(e => e.Id == 402).Select(e => e.Message).ToArray();
        Assert.Equal(2, access.Length);
        Assert.Matches(@"^127\.0\.0\.1 - - \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] ""GET /hello\?x=1 HTTP/1\.1"" 200 13$", access[0]);
        Assert.Matches(@"""GET /missing HTTP/1\.1"" 404 \d+$", access[1]);
        Assert.Contains(sink.Entries, e => e.Id == 400 && e.Message.Contains(server.LocalEndPoint.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_durations_carry_the_conventions_tags_and_active_requests_return_to_zero()
    {
        using var meters = new TestMeters();
        using var durations = meters.Collect<double>(NetPrimitivesDiagnostics.Http, "http.server.request.duration");
        using var active = meters.Collect<long>(NetPrimitivesDiagnostics.Http, "http.server.active_requests");

        await using var server = await MiniHttpServerTests.StartAsync(
            s => s.Map("GET", "/items/{id}", (_, response) => response.SendTextAsync("item").AsTask())
                .Map("GET", "/fail", (_, _) => throw new InvalidOperationException("boom")),
            o => o.MeterFactory = meters.Factory);
        await using (var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint))
        {
            await client.SendAsync("GET /items/7 HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
            Assert.Equal(200, (await client.ReadResponseAsync()).StatusCode);
            Assert.Equal(404, (await client.ReadResponseAsync()).StatusCode);
        }

        await using (var client = await RawHttpClient.ConnectAsync(server.LocalEndPoint))
        {
            await client.SendAsync("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(500, (await client.ReadResponseAsync()).StatusCode);
        }

        await server.StopAsync(); // every request has ended: all of their measurements are in
        var measured = durations.GetMeasurementSnapshot();
        Assert.Equal(3, measured.Count);
        Assert.Equal("s", durations.Instrument!.Unit);
        var found = measured.Single(m => m.Tags.TryGetValue("http.response.status_code", out var code) && (int)code! == 200);
        Assert.Equal("GET", found.Tags["http.request.method"]);
        Assert.Equal("/items/{id}", found.Tags["http.route"]);
        Assert.Equal("http", found.Tags["url.scheme"]);
        Assert.Equal("1.1", found.Tags["network.protocol.version"]);
        Assert.False(found.Tags.ContainsKey("error.type"));
        Assert.True(found.Value >= 0);

        var missing = measured.Single(m => (int)m.Tags["http.response.status_code"]! == 404);
        Assert.False(missing.Tags.ContainsKey("http.route")); // no route matched: no http.route
        Assert.Equal("1.0", missing.Tags["network.protocol.version"]);

        var failed = measured.Single(m => (int)m.Tags["http.response.status_code"]! == 500);
        Assert.Equal("/fail", failed.Tags["http.route"]);
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.Tags["error.type"]);

        var changes = active.GetMeasurementSnapshot();
        Assert.Equal(6, changes.Count);
        Assert.Equal(0, changes.Sum(m => m.Value));
        Assert.All(changes, m => Assert.True(m.ContainsTags("http.request.method", "url.scheme")));
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(int Id, string Message)> Entries { get; } = new();

        /// <summary>Raised after each entry is added.</summary>
        public event Action? Logged;

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner.Entries.Enqueue((eventId.Id, formatter(state, exception)));
                owner.Logged?.Invoke();
            }
        }
    }
}
