using System.Net;
using NetPrimitives.Ping.Engines;

namespace NetPrimitives.Tests.Ping;

/// <summary>The per-probe side: each probe waits for its answer's delay or its timeout on the fake clock.</summary>
internal sealed partial class FakePinger
{
    public async ValueTask<ProbeOutcome> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        FakeReply reply;
        int attempt, count;
        bool answers, fail;
        TaskCompletionSource<bool>? wait = null;
        lock (_gate)
        {
            ProbeAsyncCalls++;
            SendsAfterDispose += PingerDisposed > 0 ? 1 : 0;
            var now = Clock.GetTimestamp();
            attempt = _attempts[address] = _attempts.GetValueOrDefault(address) + 1;
            reply = _script(address);
            _sends.Add(new FakeSend(address, attempt, now, timeout));
            count = _sends.Count;
            fail = FailAfterSends == count;
            answers = reply.Answer is not null && attempt >= reply.AnswerOnAttempt && reply.Delay < timeout;
            if (!fail && reply.Immediate is null && !(answers && reply.Delay == TimeSpan.Zero))
            {
                // Parked before the send is told: a test that waits for it may move the clock at once.
                wait = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((wait, now + (answers ? reply.Delay : timeout).Ticks, answers));
                PeakInFlight = Math.Max(PeakInFlight, ++_perProbeInFlight);
            }
        }

        Sent(count);
        if (fail)
        {
            throw new IOException("socket broke");
        }

        if (wait is null)
        {
            return reply.Immediate ?? reply.Answer!.Value;
        }

        bool answered;
        try
        {
            answered = await wait.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _perProbeInFlight--;
                _waits.RemoveAll(w => w.Done == wait);
            }
        }

        if (!answered)
        {
            lock (_gate)
            {
                _expiries.Add(new FakeExpiry(address, attempt, Clock.GetTimestamp()));
            }
        }

        Conditions.Changed();
        return answered ? reply.Answer!.Value : ProbeOutcome.TimedOut;
    }
}
