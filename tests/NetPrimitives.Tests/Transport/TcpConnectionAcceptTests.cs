using System.Net;
using System.Net.Sockets;
using NetPrimitives.Transport;

namespace NetPrimitives.Tests.Transport;

/// <summary><see cref="TcpConnection.AcceptAsync"/>: one peer from the caller's own <see cref="TcpListener"/>, on loopback port 0.</summary>
public sealed class TcpConnectionAcceptTests
{
    [Fact]
    public async Task An_accepted_connection_talks_both_ways_and_sees_the_clients_fin()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var accepting = TcpConnection.AcceptAsync(listener).AsTask();
            await using var client = await TcpConnection.ConnectAsync("127.0.0.1", port).AsTask().WaitAsync(PipeRead.Timeout);
            await using var accepted = await accepting.WaitAsync(PipeRead.Timeout);
            Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
            Assert.Equal(client.RemoteEndPoint, accepted.LocalEndPoint);

            await accepted.Output.WriteAsync("hello"u8.ToArray());
            Assert.Equal("hello"u8.ToArray(), await PipeRead.ExactlyAsync(client.Input, 5));

            await client.Output.WriteAsync("bye"u8.ToArray());
            await client.Output.CompleteAsync(); // FIN after the data
            var (bytes, error) = await PipeRead.ToEndAsync(accepted.Input);
            Assert.Null(error);
            Assert.Equal("bye"u8.ToArray(), bytes);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Cancelling_the_wait_throws_OperationCanceledException()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var cancel = new CancellationTokenSource();
            var accepting = TcpConnection.AcceptAsync(listener, cancellationToken: cancel.Token).AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(PipeRead.Timeout));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Stopping_the_listener_fails_the_wait_with_a_TransportException()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = TcpConnection.AcceptAsync(listener).AsTask();
        listener.Stop();
        var error = await Assert.ThrowsAsync<TransportException>(() => accepting.WaitAsync(PipeRead.Timeout));
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_listener_whose_socket_closes_under_the_wait_fails_it_with_a_TransportException_naming_the_endpoint()
    {
        // Closing the socket without Stop() leaves the listener "active", so reading its LocalEndpoint afterwards
        // throws ObjectDisposedException every time: the window Stop() opens only for an instant, held open.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = listener.LocalEndpoint;
        var accepting = TcpConnection.AcceptAsync(listener).AsTask();
        listener.Server.Dispose();

        var error = await Assert.ThrowsAsync<TransportException>(() => accepting.WaitAsync(PipeRead.Timeout));
        Assert.Equal(endPoint, error.EndPoint);
        Assert.Contains(endPoint.ToString()!, error.Message);
        listener.Stop();
    }

    [Fact]
    public async Task A_listener_not_started_is_an_InvalidOperationException()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => TcpConnection.AcceptAsync(listener).AsTask().WaitAsync(PipeRead.Timeout));
    }
}
