using System.Net;
using System.Net.Sockets;
using NetPrimitives.Names;
using NetPrimitives.Tests.Infrastructure;

namespace NetPrimitives.Tests.Names;

/// <summary>
/// The OS-resolver path with the blocking call replaced by one that hangs or fails on demand; timeouts on a fake
/// clock. The hanging call's task completes its continuations inline, as the slot and abandonment bookkeeping
/// runs synchronously on it: once the test completes it, the counts are final.
/// </summary>
public sealed class SystemResolverBackendTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_hanging_lookup_times_out_with_the_typed_error_and_is_abandoned_then_released()
    {
        var hang = new TaskCompletionSource<IPHostEntry>();
        var backend = new SystemResolverBackend(4, (_, _) => hang.Task, _ => hang.Task);
        var time = new SignalingTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(300);
        var resolver = new HostResolver(new HostResolverOptions { Timeout = timeout, TimeProvider = time }, null, backend);

        var lookup = resolver.GetHostByNameAsync("slow.example");
        await time.ExpireAsync(timeout);
        var ex = await Assert.ThrowsAsync<HostResolutionException>(() => lookup.WaitAsync(Guard));
        Assert.Equal(HostResolutionError.TimedOut, ex.Error);
        Assert.Equal("slow.example", ex.Query);
        Assert.Equal(1, backend.AbandonedLookups);
        Assert.Equal(3, backend.AvailableSlots);

        // The OS call finally ends: its slot comes back and it is no longer counted as abandoned.
        hang.SetResult(new IPHostEntry { HostName = "slow.example", AddressList = [IPAddress.Loopback], Aliases = [] });
        Assert.Equal(0, backend.AbandonedLookups);
        Assert.Equal(4, backend.AvailableSlots);
    }

    [Fact]
    public async Task Abandoned_lookups_are_capped_and_new_lookups_wait_for_a_slot_within_their_timeout()
    {
        var hang = new TaskCompletionSource<IPHostEntry>();
        var calls = 0;
        var backend = new SystemResolverBackend(2, (_, _) => { Interlocked.Increment(ref calls); return hang.Task; }, _ => hang.Task);
        var time = new SignalingTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(50);
        var resolver = new HostResolver(new HostResolverOptions { Timeout = timeout, TimeProvider = time }, null, backend);

        for (var i = 0; i < 10; i++)
        {
            var lookup = resolver.GetHostByNameAsync($"h{i}.example");
            await time.ExpireAsync(timeout, i + 1);
            var ex = await Assert.ThrowsAsync<HostResolutionException>(() => lookup.WaitAsync(Guard));
            Assert.Equal(HostResolutionError.TimedOut, ex.Error);
        }

        Assert.Equal(2, calls); // only two OS calls ever started: the other eight timed out waiting for a slot
        Assert.Equal(2, backend.AbandonedLookups);
        Assert.Equal(0, backend.AvailableSlots);

        hang.SetResult(new IPHostEntry { HostName = "x", AddressList = [IPAddress.Loopback], Aliases = [] });
        Assert.Equal(2, backend.AvailableSlots);
        Assert.Equal(0, backend.AbandonedLookups);
        Assert.Equal(IPAddress.Loopback, await resolver.GetHostByNameAsync("after.example").WaitAsync(Guard));
    }

    [Fact]
    public async Task Caller_cancellation_ends_the_wait_with_OperationCanceledException()
    {
        var hang = new TaskCompletionSource<IPHostEntry>();
        var backend = new SystemResolverBackend(4, (_, _) => hang.Task, _ => hang.Task);
        var resolver = new HostResolver(new HostResolverOptions { Timeout = Timeout.InfiniteTimeSpan }, null, backend);
        using var cts = new CancellationTokenSource();

        var lookup = resolver.GetHostByNameExAsync("slow.example", AddressFamilyPreference.Any, cts.Token);
        Assert.False(lookup.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lookup.WaitAsync(Guard));
        Assert.Equal(1, backend.AbandonedLookups);
        hang.SetCanceled();
        Assert.Equal(0, backend.AbandonedLookups);
        Assert.Equal(4, backend.AvailableSlots);
    }

    [Theory]
    [InlineData(SocketError.HostNotFound, HostResolutionError.NotFound)]
    [InlineData(SocketError.TryAgain, HostResolutionError.TemporaryFailure)]
    [InlineData(SocketError.NoData, HostResolutionError.NoAddress)]
    [InlineData(SocketError.NoRecovery, HostResolutionError.ServerFailure)]
    public async Task Os_errors_map_to_typed_failures_keeping_the_socket_exception(SocketError code, HostResolutionError expected)
    {
        var backend = new SystemResolverBackend(4, (_, _) => Task.FromException<IPHostEntry>(new SocketException((int)code)), _ => throw new SocketException((int)code));
        var resolver = new HostResolver(new HostResolverOptions(), null, backend);

        var forward = await Assert.ThrowsAsync<HostResolutionException>(() => resolver.GetHostByNameExAsync("x.example").WaitAsync(Guard));
        Assert.Equal(expected, forward.Error);
        Assert.IsType<SocketException>(forward.InnerException);
        var reverse = await Assert.ThrowsAsync<HostResolutionException>(() => resolver.GetHostByAddrAsync(IPAddress.Loopback).WaitAsync(Guard));
        Assert.Equal(expected, reverse.Error);
        Assert.Equal(4, backend.AvailableSlots);
    }

    [Fact]
    public async Task Family_filtering_orders_ipv4_first_and_reports_no_address_of_the_family()
    {
        var v6 = IPAddress.Parse("2001:db8::1");
        var v4 = IPAddress.Parse("192.0.2.1");
        var backend = new SystemResolverBackend(4, (_, _) => Task.FromResult(new IPHostEntry { HostName = "canon.example", AddressList = [v6, v4], Aliases = [] }), _ => throw new InvalidOperationException());
        var resolver = new HostResolver(new HostResolverOptions(), null, backend);

        var any = await resolver.GetHostByNameExAsync("x.example", AddressFamilyPreference.Any);
        Assert.Equal([v4, v6], any.Addresses);
        Assert.Equal("canon.example", any.HostName);
        Assert.Equal([v6], (await resolver.GetHostByNameExAsync("x.example", AddressFamilyPreference.InterNetworkV6)).Addresses);

        var v4only = new SystemResolverBackend(4, (_, _) => Task.FromResult(new IPHostEntry { HostName = "x", AddressList = [v4], Aliases = [] }), _ => throw new InvalidOperationException());
        var ex = await Assert.ThrowsAsync<HostResolutionException>(() => new HostResolver(new HostResolverOptions(), null, v4only).GetHostByNameExAsync("x.example", AddressFamilyPreference.InterNetworkV6));
        Assert.Equal(HostResolutionError.NoAddress, ex.Error);
    }
}
