using System.Net;
using System.Net.Sockets;

/// <summary>
/// The baseline: what the seeds' ThreadingTCPServer does, in C#. One thread per connection, blocking
/// NetworkStream reads and writes of up to 4 KiB. No limits, no pipes.
/// </summary>
internal sealed class NaiveEchoServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Thread _acceptThread;

    public NaiveEchoServer(IPEndPoint endPoint)
    {
        _listener = new TcpListener(endPoint);
        _listener.Start(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "naive-accept" };
        _acceptThread.Start();
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Dispose() => _listener.Stop();

    private void AcceptLoop()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            client.NoDelay = true;
            new Thread(() => Serve(client)) { IsBackground = true }.Start();
        }
    }

    private static void Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    stream.Write(buffer, 0, read);
                }
            }
            catch (IOException)
            {
            }
        }
    }
}
