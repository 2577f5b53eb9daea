using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NetPrimitives.Framing;
using NetPrimitives.IntegrationTests.Framing;
using NetPrimitives.Tests.Transport;
using NetPrimitives.Transport;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>samples/Chat: two sample processes talking to each other through their stdin, and one against a peer in the test.</summary>
public sealed class ChatSampleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Two_peers_see_each_others_nick_and_messages_and_quit_is_reported_on_the_other_side()
    {
        await using var alice = SampleRunner.StartInteractive("Chat", "listen", "--port", "0", "--nick", "alice");
        var port = await ReadPortAsync(alice);
        await using var bob = SampleRunner.StartInteractive("Chat", "connect", "127.0.0.1", port, "--nick", "bob");

        Assert.StartsWith("Chatting with alice at 127.0.0.1:" + port + ".", await bob.WaitForLineAsync("Chatting with"), StringComparison.Ordinal);
        Assert.StartsWith("Chatting with bob at 127.0.0.1:", await alice.WaitForLineAsync("Chatting with"), StringComparison.Ordinal);

        await alice.Input.WriteLineAsync("hi bob");
        Assert.Equal("<alice> hi bob", await bob.ReadLineAsync());

        // What the seed had to strip ("#>") and what is not ASCII arrive as typed: the frame carries the bytes.
        await bob.Input.WriteLineAsync("hello alice #> ça va? 👋");
        Assert.Equal("<bob> hello alice #> ça va? 👋", await alice.ReadLineAsync());
        await bob.Input.WriteLineAsync("second message");
        Assert.Equal("<bob> second message", await alice.ReadLineAsync());

        await bob.Input.WriteLineAsync("/quit");
        Assert.Equal("You left the chat", await bob.ReadLineAsync());
        Assert.Equal(0, await bob.WaitForExitAsync());
        Assert.Equal("* bob left the chat", await alice.ReadLineAsync());
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Empty(alice.Stderr.Trim());
        Assert.Empty(bob.Stderr.Trim());
    }

    [Fact]
    public async Task End_of_input_leaves_too()
    {
        await using var alice = SampleRunner.StartInteractive("Chat", "listen", "--port", "0", "--nick", "alice");
        var port = await ReadPortAsync(alice);
        await using var bob = SampleRunner.StartInteractive("Chat", "connect", "127.0.0.1", port, "--nick", "bob");
        await alice.WaitForLineAsync("Chatting with bob");
        await bob.WaitForLineAsync("Chatting with alice");

        await alice.Input.WriteLineAsync("see you");
        alice.Input.Close(); // Ctrl+D

        Assert.Equal("You left the chat", await alice.ReadLineAsync());
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Equal("<alice> see you", await bob.ReadLineAsync());
        Assert.Equal("* alice left the chat", await bob.ReadLineAsync());
        Assert.Equal(0, await bob.WaitForExitAsync());
    }

    [Fact]
    public async Task On_the_wire_the_nick_and_each_line_are_one_length_prefixed_frame()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            await using var chat = SampleRunner.StartInteractive("Chat", "connect", "127.0.0.1", port, "--nick", "bob");
            await using var peer = await TcpConnection.AcceptAsync(listener).AsTask().WaitAsync(Timeout);

            // LengthPrefixedFramer's default: a 4-byte big-endian length, then the UTF-8 bytes.
            Assert.Equal("bob", await ReadFrameAsync(peer.Input));
            var framer = new LengthPrefixedFramer();
            await framer.WriteFrameAsync(peer.Output, "tester"u8.ToArray());
            await chat.WaitForLineAsync("Chatting with tester");

            await chat.Input.WriteLineAsync("one line");
            await chat.Input.WriteLineAsync(""); // an empty line sends nothing
            await chat.Input.WriteLineAsync("another");
            Assert.Equal("one line", await ReadFrameAsync(peer.Input));
            Assert.Equal("another", await ReadFrameAsync(peer.Input));

            await framer.WriteFrameAsync(peer.Output, "from the test"u8.ToArray());
            Assert.Equal("<tester> from the test", await chat.ReadLineAsync());

            await chat.Input.WriteLineAsync("/quit");
            var (rest, error) = await PipeRead.ToEndAsync(peer.Input); // FIN right after the frames
            Assert.Null(error);
            Assert.Empty(rest);
            Assert.Equal(0, await chat.WaitForExitAsync());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Ctrl_C_while_chatting_is_leaving_for_the_peer_and_exits_130()
    {
        await using var alice = SampleRunner.StartInteractive("Chat", "listen", "--port", "0", "--nick", "alice");
        var port = await ReadPortAsync(alice);
        await using var bob = SampleRunner.StartInteractive("Chat", "connect", "127.0.0.1", port, "--nick", "bob");
        await alice.WaitForLineAsync("Chatting with bob");
        await bob.WaitForLineAsync("Chatting with alice");

        await SampleRunner.InterruptAsync(bob);

        Assert.Equal(130, await bob.WaitForExitAsync());
        Assert.Equal("Chat: stopped (Ctrl+C)", bob.Stderr.Trim());
        Assert.Equal("* bob left the chat", await alice.ReadLineAsync());
        Assert.Equal(0, await alice.WaitForExitAsync());
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_for_a_peer_exits_130()
    {
        await using var alice = SampleRunner.StartInteractive("Chat", "listen", "--port", "0", "--nick", "alice");
        await ReadPortAsync(alice);

        await SampleRunner.InterruptAsync(alice);

        // Printed only by the sample's own handler: a process killed by the signal would exit 130 too, silently.
        Assert.Equal(130, await alice.WaitForExitAsync());
        Assert.Equal("Chat: stopped (Ctrl+C)", alice.Stderr.Trim());
    }

    private static async Task<string> ReadFrameAsync(PipeReader input)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(await PipeRead.ExactlyAsync(input, 4));
        return Encoding.UTF8.GetString(await PipeRead.ExactlyAsync(input, checked((int)length)));
    }

    // "Waiting for a peer on 127.0.0.1:PORT" (--port 0 prints the real port).
    private static async Task<string> ReadPortAsync(ChildProcess listening)
    {
        const string Prefix = "Waiting for a peer on 127.0.0.1:";
        var port = (await listening.WaitForLineAsync(Prefix))[Prefix.Length..];
        Assert.NotEqual("0", port);
        return port;
    }
}
