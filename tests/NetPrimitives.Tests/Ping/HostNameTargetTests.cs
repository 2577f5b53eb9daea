using System.Net;
using NetPrimitives.Names;
using NetPrimitives.Ping;
using NetPrimitives.Ping.Engines;
using NSubstitute;
using static NetPrimitives.Tests.Ping.SweepTestKit;

namespace NetPrimitives.Tests.Ping;

/// <summary>Host-name targets go through NetPrimitives.Names.IHostResolver (substituted here).</summary>
public sealed class HostNameTargetTests
{
    [Fact]
    public async Task Names_resolve_through_IHostResolver_to_their_first_address()
    {
        var names = Substitute.For<IHostResolver>();
        names.GetHostByNameExAsync("gw.example", AddressFamilyPreference.Any, Arg.Any<CancellationToken>())
            .Returns(new HostEntry("gw.example", [], [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fd00::1")]));
        names.GetHostByNameExAsync("nx.example", AddressFamilyPreference.Any, Arg.Any<CancellationToken>())
            .Returns<HostEntry>(_ => throw new HostResolutionException(HostResolutionError.NotFound, "nx.example", "nx.example: not found"));
        var fake = new FakePinger(SweepPath.PerProbe, _ => FakeReply.Alive());

        var results = await CollectAsync(Sweeper(fake, Options(fake), new HostResolverTargetResolver(names))
            .SweepAsync(PingTargets.Parse("gw.example nx.example"))).WaitAsync(Deadline);

        Assert.Equal([IPAddress.Parse("10.0.0.1")], fake.Sends.Select(s => s.Address));
        Assert.Equal(PingStatus.Alive, Assert.Single(results, r => r.Target == "gw.example").Status);
        var failed = Assert.Single(results, r => r.Target == "nx.example");
        Assert.Equal(PingStatus.NameNotResolved, failed.Status);
        Assert.Equal("nx.example: not found", failed.Error);
    }

    [Fact]
    public void The_public_constructor_takes_an_IHostResolver()
    {
        var sweeper = new PingSweeper(new PingSweeperOptions { Retries = 1 }, Substitute.For<IHostResolver>());
        Assert.Equal(1, sweeper.Options.Retries);
    }
}
