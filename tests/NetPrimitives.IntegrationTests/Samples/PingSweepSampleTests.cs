using System.Text.Json;

namespace NetPrimitives.IntegrationTests.Samples;

/// <summary>samples/PingSweep --json: one JSON object per target, then the summary, each line parsed.</summary>
public sealed class PingSweepSampleTests
{
    [Fact]
    public async Task Json_prints_one_line_per_target_then_the_summary()
    {
        var (exit, stdout, stderr) = await SampleRunner.RunAsync("PingSweep", null, "127.0.0.1-3", "--json", "--retries", "1", "--timeout", "1000");
        var what = $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}";
        if (exit == 4)
        {
            Assert.Skip($"no ping engine can run here: {stderr}");
        }

        Assert.True(exit == 0, what);
        var lines = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.True(lines.Length == 4, what);

        var results = lines[..3];
        Assert.All(results, r => Assert.Equal("result", r.GetProperty("type").GetString()));
        Assert.Equal(["127.0.0.1", "127.0.0.2", "127.0.0.3"], results.Select(r => r.GetProperty("target").GetString()).Order());
        Assert.All(results, r =>
        {
            Assert.Equal("Alive", r.GetProperty("status").GetString());
            Assert.Equal(r.GetProperty("target").GetString(), r.GetProperty("address").GetString());
            Assert.True(r.GetProperty("rtt_ms").GetDouble() >= 0);
            Assert.InRange(r.GetProperty("attempts").GetInt32(), 1, 2);
        });

        var summary = lines[3];
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        Assert.Equal(3, summary.GetProperty("targets").GetInt64());
        Assert.Equal(3, summary.GetProperty("alive").GetInt64());
        Assert.Equal(0, summary.GetProperty("timed_out").GetInt64());
        Assert.False(summary.GetProperty("cancelled").GetBoolean());
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("engine").GetString()));
    }

    [Fact]
    public async Task Json_with_alive_leaves_out_the_targets_that_did_not_answer_and_keeps_the_summary()
    {
        // RFC 6761 §6.4: .invalid never resolves, so that target is not alive; fping's code for it is 2.
        var (exit, stdout, stderr) = await SampleRunner.RunAsync("PingSweep", null, "127.0.0.1", "nosuch.invalid", "--json", "--alive", "--retries", "0", "--timeout", "1000");
        var what = $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}";
        if (exit == 4)
        {
            Assert.Skip($"no ping engine can run here: {stderr}");
        }

        var lines = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.True(lines.Length == 2, what);
        Assert.Equal("127.0.0.1", lines[0].GetProperty("target").GetString());
        Assert.Equal("Alive", lines[0].GetProperty("status").GetString());
        Assert.Equal("summary", lines[1].GetProperty("type").GetString());
        Assert.Equal(2, lines[1].GetProperty("targets").GetInt64());
        Assert.Equal(1, lines[1].GetProperty("not_resolved").GetInt64());
        Assert.True(exit == 2, what);
    }
}
