using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetPrimitives.Udp;

public sealed partial class UdpRequestClient
{
    // The fopnp udp_remote.py pattern: send, wait, and on silence send again waiting longer each time
    // (exponential backoff), until a reply from the server asked or the attempts run out.
    private async ValueTask<int> SendCoreAsync(ReadOnlyMemory<byte> request, int replyLimit, CancellationToken cancellationToken)
    {
        DiscardLateReplies();
        var timeout = _attemptTimeout;
        var totalWait = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            int length;
            try
            {
                // The attempt's wait starts before its send, on the options' clock.
                using var attemptTimeout = new CancellationTokenSource(timeout, _timeProvider);
                using var linked = cancellationToken.CanBeCanceled
                    ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token)
                    : null;
                if (_socket.Connected)
                {
                    await _socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _socket.SendToAsync(request, SocketFlags.None, _remoteAddress, cancellationToken).ConfigureAwait(false);
                }

                if (_metrics.ClientAttempts.Enabled)
                {
                    _metrics.ClientAttempts.Add(1);
                }

                length = await ReceiveReplyAsync(linked?.Token ?? attemptTimeout.Token, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // An ICMP port unreachable, reported on a connected socket by the next send or receive.
                UdpLog.NobodyListening(_logger, _remote, attempt);
                CountRequest("nobody_listening");
                throw new UdpNobodyListeningException(_remote, attempt, ex);
            }

            totalWait += length < 0 ? timeout : TimeSpan.Zero;
            if (length > Math.Min(replyLimit, _maxDatagramSize))
            {
                CountRequest("reply_too_large");
                throw new UdpReplyTooLargeException(_remote, attempt, Math.Min(replyLimit, _maxDatagramSize));
            }

            if (length >= 0)
            {
                CountRequest("reply");
                return length;
            }

            UdpLog.AttemptTimedOut(_logger, _remote, timeout, attempt, _maxAttempts);
            if (attempt >= _maxAttempts)
            {
                CountRequest("timeout");
                throw new UdpRequestTimeoutException(_remote, attempt, _attemptTimeout, totalWait);
            }

            var next = timeout.TotalMilliseconds * _backoffFactor;
            timeout = next >= _maxAttemptTimeout.TotalMilliseconds ? _maxAttemptTimeout : TimeSpan.FromMilliseconds(next);
        }
    }

    // Waits until attempt fires (the attempt's timeout, or cancellationToken) for a datagram from the server; -1 when
    // none came in time.
    private async ValueTask<int> ReceiveReplyAsync(CancellationToken attempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(_receiveBuffer, SocketFlags.None, _fromAddress, attempt).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return -1;
            }

            if (IsFromServer(_fromAddress))
            {
                return length;
            }

            CountIgnored(ref _ignoredDatagrams, "foreign_source");
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                UdpLog.ForeignDatagramIgnored(_logger, _remote.Create(_fromAddress), _remote);
            }
        }
    }

    // A reply to an earlier request that came after it ended must not answer this one.
    private void DiscardLateReplies()
    {
        try
        {
            while (_socket.Available > 0)
            {
                _socket.ReceiveFrom(_receiveBuffer, SocketFlags.None, _fromAddress);
                if (IsFromServer(_fromAddress))
                {
                    CountIgnored(ref _lateReplies, "late_reply");
                    UdpLog.LateReplyDiscarded(_logger, _remote);
                }
                else
                {
                    CountIgnored(ref _ignoredDatagrams, "foreign_source");
                }
            }
        }
        catch (SocketException)
        {
            // A stale ICMP error about an earlier request; the next attempt will see a fresh one if it still applies.
        }
    }

    // Compares port and address only: the sockaddr's other fields (IPv6 flow info) may differ. The layout puts
    // the port at bytes 2-3 and the address at 4-7 (IPv4) or 8-23 (IPv6) on every platform.
    private bool IsFromServer(SocketAddress from)
    {
        if (from.Family != _remoteAddress.Family || from.Size < _remoteAddress.Size)
        {
            return false;
        }

        var a = from.Buffer.Span;
        var b = _remoteAddress.Buffer.Span;
        return _remoteAddress.Family == AddressFamily.InterNetworkV6
            ? a.Slice(2, 2).SequenceEqual(b.Slice(2, 2)) && a.Slice(8, 16).SequenceEqual(b.Slice(8, 16))
            : a.Slice(2, 6).SequenceEqual(b.Slice(2, 6));
    }

    private void CountIgnored(ref long counter, string reason)
    {
        Interlocked.Increment(ref counter);
        if (_metrics.ClientIgnored.Enabled)
        {
            _metrics.ClientIgnored.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private void CountRequest(string outcome)
    {
        if (_metrics.ClientRequests.Enabled)
        {
            _metrics.ClientRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
