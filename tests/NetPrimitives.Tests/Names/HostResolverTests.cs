using System.Net;
using NetPrimitives.Names;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace NetPrimitives.Tests.Names;

/// <summary>HostResolver's own rules over a substituted backend: validation, literals, getfqdn, batches.</summary>
public sealed class HostResolverTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly IResolverBackend _backend = Substitute.For<IResolverBackend>();

    private HostResolver Create(int batchConcurrency = 4) =>
        new(new HostResolverOptions { BatchConcurrency = batchConcurrency }, null, _backend);

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("bad name")]
    public async Task Invalid_names_are_refused_before_any_lookup(string name)
    {
        var resolver = Create();
        await Assert.ThrowsAsync<InvalidHostNameException>(() => resolver.GetHostByNameAsync(name));
        await Assert.ThrowsAsync<InvalidHostNameException>(() => resolver.GetHostByNameExAsync(name, AddressFamilyPreference.Any));
        await _backend.DidNotReceiveWithAnyArgs().ForwardAsync(default!, default, default);
    }

    [Fact]
    public async Task Ip_literals_are_returned_without_lookup_and_checked_against_the_family()
    {
        var resolver = Create();
        Assert.Equal(IPAddress.Parse("10.1.2.3"), await resolver.GetHostByNameAsync("10.1.2.3"));
        var v6 = await resolver.GetHostByNameExAsync("::1", AddressFamilyPreference.InterNetworkV6);
        Assert.Equal([IPAddress.IPv6Loopback], v6.Addresses);
        var ex = await Assert.ThrowsAsync<HostResolutionException>(() => resolver.GetHostByNameAsync("::1"));
        Assert.Equal(HostResolutionError.NoAddress, ex.Error);
        await _backend.DidNotReceiveWithAnyArgs().ForwardAsync(default!, default, default);
    }

    [Fact]
    public async Task Names_reach_the_backend_validated_in_ascii()
    {
        _backend.ForwardAsync("xn--bcher-kva.example", AddressFamilyPreference.InterNetwork, Arg.Any<CancellationToken>())
            .Returns(new HostEntry("xn--bcher-kva.example", [], [IPAddress.Parse("192.0.2.7")]));
        Assert.Equal(IPAddress.Parse("192.0.2.7"), await Create().GetHostByNameAsync("bücher.example."));
    }

    [Fact]
    public async Task Getfqdn_takes_the_first_dotted_name_and_falls_back_to_the_input()
    {
        var resolver = Create();
        var address = IPAddress.Parse("192.0.2.9");
        _backend.ReverseAsync(address, Arg.Any<CancellationToken>()).Returns(new HostEntry("short", ["alias", "box.example.org", "z.example.net"], [address]));
        Assert.Equal("box.example.org", await resolver.GetFqdnAsync("192.0.2.9"));

        _backend.ReverseAsync(IPAddress.Parse("192.0.2.10"), Arg.Any<CancellationToken>()).Returns(new HostEntry("nodots", ["alias"], [address]));
        Assert.Equal("nodots", await resolver.GetFqdnAsync(" 192.0.2.10 "));

        _backend.ReverseAsync(IPAddress.Parse("192.0.2.11"), Arg.Any<CancellationToken>())
            .ThrowsAsync(new HostResolutionException(HostResolutionError.NotFound, "192.0.2.11", "no"));
        Assert.Equal("192.0.2.11", await resolver.GetFqdnAsync("192.0.2.11"));
        Assert.Equal("no..such", await resolver.GetFqdnAsync("no..such")); // invalid: unchanged
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task Getfqdn_of_empty_or_any_address_means_this_host(string? name)
    {
        var resolver = Create();
        var me = resolver.GetHostName();
        _backend.ForwardAsync(Arg.Any<string>(), Arg.Any<AddressFamilyPreference>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new HostResolutionException(HostResolutionError.NotFound, me, "no"));
        Assert.Equal(me, await resolver.GetFqdnAsync(name));
        await _backend.Received(1).ForwardAsync(Arg.Is<string>(n => n.Equals(me, StringComparison.OrdinalIgnoreCase)), AddressFamilyPreference.Any, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Batch_streams_every_result_with_typed_failures_like_inet_01()
    {
        _backend.ForwardAsync("localhost", Arg.Any<AddressFamilyPreference>(), Arg.Any<CancellationToken>())
            .Returns(new HostEntry("localhost", [], [IPAddress.Loopback]));
        _backend.ForwardAsync("xx", Arg.Any<AddressFamilyPreference>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new HostResolutionException(HostResolutionError.NotFound, "xx", "not found"));
        _backend.ForwardAsync("later.example", Arg.Any<AddressFamilyPreference>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new HostResolutionException(HostResolutionError.TemporaryFailure, "later.example", "again"));

        var results = new List<HostLookupResult>();
        await foreach (var r in Create().ResolveManyAsync(["localhost", "", "xx", "10.0.0.1", "later.example"]).WithCancellation(TestContext.Current.CancellationToken))
        {
            results.Add(r);
        }

        Assert.Equal([0, 1, 2, 3, 4], results.Select(r => r.Index).Order());
        var byIndex = results.OrderBy(r => r.Index).ToArray();
        Assert.True(byIndex[0].Succeeded);
        Assert.Equal(IPAddress.Loopback, byIndex[0].Entry!.Addresses[0]);
        Assert.IsType<InvalidHostNameException>(byIndex[1].Error);
        Assert.Equal(HostResolutionError.NotFound, byIndex[2].Error!.Error);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), byIndex[3].Entry!.Addresses[0]);
        Assert.Equal(HostResolutionError.TemporaryFailure, byIndex[4].Error!.Error);
    }

    [Fact]
    public async Task Batch_never_runs_more_lookups_than_its_concurrency_and_streams_as_they_complete()
    {
        var running = 0;
        var peak = 0;
        var gates = Enumerable.Range(0, 20).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        _backend.ForwardAsync(Arg.Any<string>(), Arg.Any<AddressFamilyPreference>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                var i = int.Parse(call.Arg<string>().AsSpan(1, 2), System.Globalization.CultureInfo.InvariantCulture);
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await gates[i].Task;
                Interlocked.Decrement(ref running);
                return new HostEntry(call.Arg<string>(), [], [IPAddress.Loopback]);
            });

        var names = Enumerable.Range(0, 20).Select(i => $"h{i:D2}.example").ToArray();
        await using var e = Create(batchConcurrency: 3).ResolveManyAsync(names).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        // Release the third name first: it must come out first (completion order, not input order).
        gates[2].SetResult();
        Assert.True(await e.MoveNextAsync().AsTask().WaitAsync(Guard));
        Assert.Equal(2, e.Current.Index);
        foreach (var g in gates)
        {
            g.TrySetResult();
        }

        var count = 1;
        while (await e.MoveNextAsync().AsTask().WaitAsync(Guard))
        {
            count++;
        }

        Assert.Equal(20, count);
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task Batch_cancellation_stops_the_stream_and_the_lookups()
    {
        var started = 0;
        var fourStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _backend.ForwardAsync(Arg.Any<string>(), Arg.Any<AddressFamilyPreference>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                if (Interlocked.Increment(ref started) == 4)
                {
                    fourStarted.SetResult();
                }

                // A lookup that ends only when it is cancelled.
                await new TaskCompletionSource().Task.WaitAsync(call.Arg<CancellationToken>());
                return new HostEntry("never", [], [IPAddress.Loopback]);
            });
        using var cts = new CancellationTokenSource();
        var names = Enumerable.Range(0, 100).Select(i => $"h{i}.example");
        var consume = Task.Run(async () =>
        {
            await foreach (var _ in Create().ResolveManyAsync(names, AddressFamilyPreference.InterNetwork, cts.Token))
            {
            }
        });
        await fourStarted.Task.WaitAsync(Guard);
        Assert.Equal(4, Volatile.Read(ref started)); // the batch concurrency, and no more
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consume.WaitAsync(Guard));
        Assert.Equal(4, Volatile.Read(ref started)); // nothing started after the cancellation
    }

    [Fact]
    public async Task Code_that_depends_on_the_seam_can_be_tested_with_a_substitute()
    {
        // What PingSweeper (or any caller) does: take IHostResolver, not HostResolver.
        var resolver = Substitute.For<IHostResolver>();
        resolver.GetHostByNameAsync("printer.lan", Arg.Any<CancellationToken>()).Returns(IPAddress.Parse("192.168.1.50"));
        resolver.GetHostByNameAsync("gone.lan", Arg.Any<CancellationToken>())
            .ThrowsAsync(new HostResolutionException(HostResolutionError.NotFound, "gone.lan", "not found"));

        Assert.Equal(["printer.lan=192.168.1.50", "gone.lan!NotFound"], await Describe(resolver, ["printer.lan", "gone.lan"]));

        static async Task<string[]> Describe(IHostResolver r, string[] names)
        {
            var lines = new List<string>();
            foreach (var n in names)
            {
                try
                {
                    lines.Add($"{n}={await r.GetHostByNameAsync(n)}");
                }
                catch (HostResolutionException ex)
                {
                    lines.Add($"{n}!{ex.Error}");
                }
            }

            return [.. lines];
        }
    }

    [Fact]
    public void Options_are_validated_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostResolver(new HostResolverOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostResolver(new HostResolverOptions { BatchConcurrency = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostResolver(new HostResolverOptions { MaxConcurrentSystemLookups = 0 }));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
