using System.Net;
using System.Net.Sockets;
using NetPrimitives.Http;
using NetPrimitives.Tcp;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Transport;

/// <summary>
/// The one server lifecycle (TcpConnectionListener) as each public server shows it: the same start, endpoint,
/// stop and dispose rules for EchoServer and MiniHttpServer.
/// </summary>
public sealed class ServerLifecycleTests
{
    public static TheoryData<string> Servers => new() { "echo", "http" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Before_start_the_endpoint_throws_and_stop_and_dispose_do_nothing(string kind)
    {
        var server = Create(kind, new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Throws<InvalidOperationException>(() => server.LocalEndPoint);
        await server.StopAsync();
        await server.DisposeAsync();

        // Neither stop nor dispose before the start used the server up.
        await server.StartAsync();
        Assert.NotEqual(0, server.LocalEndPoint.Port);
        await server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_server_starts_once_and_a_failed_bind_can_be_tried_again(string kind)
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        var server = Create(kind, (IPEndPoint)blocker.LocalEndPoint!);
        await Assert.ThrowsAsync<AddressInUseException>(() => server.StartAsync());
        Assert.Throws<InvalidOperationException>(() => server.LocalEndPoint);

        blocker.Close();
        await server.StartAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
        await server.StopAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
        Assert.NotEqual(0, server.LocalEndPoint.Port); // still reported after the stop
        await server.DisposeAsync();
    }

    private static Server Create(string kind, IPEndPoint endPoint)
    {
        if (kind == "echo")
        {
            var echo = new EchoServer(new EchoServerOptions { EndPoint = endPoint });
            return new Server(echo.StartAsync, echo.StopAsync, echo.DisposeAsync, () => echo.LocalEndPoint);
        }

        var http = new MiniHttpServer(new MiniHttpServerOptions { EndPoint = endPoint });
        return new Server(http.StartAsync, http.StopAsync, http.DisposeAsync, () => http.LocalEndPoint);
    }

    private sealed record Server(
        Func<CancellationToken, Task> Start, Func<CancellationToken, Task> Stop, Func<ValueTask> Dispose, Func<IPEndPoint> EndPoint)
    {
        public IPEndPoint LocalEndPoint => EndPoint();

        public Task StartAsync() => Start(default);

        public Task StopAsync() => Stop(default);

        public ValueTask DisposeAsync() => Dispose();
    }
}
