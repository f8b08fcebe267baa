using System.Threading.Channels;
using LightVm.LoadTesting.Engine;
using Microsoft.Extensions.Time.Testing;

namespace LightVm.LoadTests.Tests.Engine;

public sealed class LoadRunnerTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RunAsync_OpenModelWithStalledSteps_KeepsStartingOnSchedule()
    {
        var started = Channel.CreateUnbounded<IterationContext>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Run(LoadSimulation.ConstantRate(10, iterations: 5), async (ctx, _) =>
        {
            started.Writer.TryWrite(ctx);
            await gate.Task;
            return StepOutcome.Success;
        });

        var running = new LoadRunner(_time).RunAsync(run, CancellationToken.None);
        var seen = new List<IterationContext> { await started.Reader.ReadAsync().AsTask().WaitAsync(HangGuard) };
        for (var k = 1; k < 5; k++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            seen.Add(await started.Reader.ReadAsync().AsTask().WaitAsync(HangGuard));
        }

        Assert.False(running.IsCompleted);
        gate.SetResult();
        var result = await running.WaitAsync(HangGuard);

        Assert.Equal([0, 100, 200, 300, 400], seen.Select(c => (int)c.IntendedStart.TotalMilliseconds));
        Assert.Equal([0L, 1, 2, 3, 4], seen.Select(c => c.Iteration));
        Assert.All(seen, c => Assert.Equal(-1, c.Client));
        Assert.Equal(5, result.Started);
        Assert.Equal(5, result.Ok);
        Assert.True(result.OpenModel);
    }

    [Fact]
    public async Task RunAsync_OpenModelFallingBehind_MeasuresFromIntendedStart()
    {
        var done = Channel.CreateUnbounded<long>();
        var run = Run(LoadSimulation.ConstantRate(10, iterations: 5), (ctx, _) =>
        {
            done.Writer.TryWrite(ctx.Iteration);
            return Task.FromResult(StepOutcome.Success);
        });

        var running = new LoadRunner(_time).RunAsync(run, CancellationToken.None);
        await done.Reader.ReadAsync().AsTask().WaitAsync(HangGuard);

        // The generator is stalled for a second: arrivals due at 100..400 ms start at 1000 ms.
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await running.WaitAsync(HangGuard);

        var step = Assert.Single(result.Steps);
        Assert.Equal(900, step.Latency.Max, precision: 0);
        Assert.Equal(600, result.Samples.Where(s => s.Iteration > 0).Min(s => s.Ms), precision: 0);
        Assert.True(step.ServiceTime.Max < 1, $"service time {step.ServiceTime.Max} ms: the steps took no time");
    }

    [Fact]
    public async Task RunAsync_FixedConcurrency_NeverMoreThanNClients()
    {
        var current = 0;
        var most = 0;
        var iterations = new System.Collections.Concurrent.ConcurrentBag<long>();
        var run = Run(LoadSimulation.FixedConcurrency(3, iterations: 12), async (ctx, _) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref most, now);
            iterations.Add(ctx.Iteration);
            await Task.Yield();
            Interlocked.Decrement(ref current);
            return StepOutcome.Success;
        });

        var result = await new LoadRunner(_time).RunAsync(run, CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(12, result.Ok);
        Assert.InRange(most, 1, 3);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), iterations.Order());
        Assert.False(result.OpenModel);
    }

    [Fact]
    public async Task RunAsync_WithWarmUp_ExcludesItFromTheFigures()
    {
        var warm = 0;
        var measured = 0;
        var run = Run(LoadSimulation.FixedConcurrency(1, iterations: 3), (ctx, _) =>
        {
            Interlocked.Increment(ref ctx.WarmUp ? ref warm : ref measured);
            return Task.FromResult(StepOutcome.Success);
        }) with { WarmUp = LoadSimulation.FixedConcurrency(1, iterations: 4) };

        var result = await new LoadRunner(_time).RunAsync(run, CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(4, warm);
        Assert.Equal(3, measured);
        Assert.Equal(3, result.Started);
        Assert.Equal(3, result.Steps[0].Latency.Count);
    }

    [Fact]
    public async Task RunAsync_FailedStep_CountsByKindAndSkipsLaterSteps()
    {
        var second = 0;
        var run = new LoadRun
        {
            Name = "t",
            Steps =
            [
                new Step("first", (ctx, _) => Task.FromResult(ctx.Iteration % 2 == 1 ? StepOutcome.Failed("http 503", "http 503") : StepOutcome.Success)),
                new Step("second", (_, _) =>
                {
                    Interlocked.Increment(ref second);
                    return Task.FromResult(StepOutcome.Success);
                }),
            ],
            Simulation = LoadSimulation.FixedConcurrency(2, iterations: 10),
        };

        var result = await new LoadRunner(_time).RunAsync(run, CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(5, result.Ok);
        Assert.Equal(5, result.Failed);
        Assert.Equal(5, second);
        Assert.Equal(5, result.Errors["http 503"]);
        Assert.Equal(5, result.Steps[0].Labels["http 503"].Count);
        Assert.Equal(5, result.Steps[0].Latency.Count);
    }

    [Fact]
    public async Task RunAsync_StepThrows_CountedAsExceptionKind()
    {
        var run = Run(LoadSimulation.FixedConcurrency(1, iterations: 2), (_, _) => throw new InvalidOperationException("boom"));

        var result = await new LoadRunner(_time).RunAsync(run, CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(2, result.Errors["exception: InvalidOperationException"]);
        Assert.Equal(0, result.Ok);
    }

    [Fact]
    public async Task RunAsync_StepPastItsTimeout_CountedAsNoAnswer()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Run(LoadSimulation.FixedConcurrency(1, iterations: 1), async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return StepOutcome.Success;
        }) with { StepTimeout = TimeSpan.FromSeconds(2) };

        var running = new LoadRunner(_time).RunAsync(run, CancellationToken.None);
        await started.Task.WaitAsync(HangGuard);
        _time.Advance(TimeSpan.FromSeconds(2));
        var result = await running.WaitAsync(HangGuard);

        Assert.Equal(1, result.Errors["no answer"]);
    }

    [Fact]
    public async Task RunAsync_FirstByteReported_RecordedWithLateness()
    {
        var run = Run(LoadSimulation.FixedConcurrency(1, iterations: 3), (_, _) =>
            Task.FromResult(new StepOutcome { FirstByte = TimeSpan.FromMilliseconds(7), PhasesMs = new Dictionary<string, double> { ["ready"] = 2.5 } }));

        var result = await new LoadRunner(_time).RunAsync(run, CancellationToken.None).WaitAsync(HangGuard);

        var step = result.Steps[0];
        Assert.NotNull(step.FirstByte);
        Assert.Equal(7, step.FirstByte.P50, precision: 1);
        Assert.Equal(2.5, step.Phases["ready"].P50, precision: 2);
        Assert.All(result.Samples, s => Assert.Equal(7, s.Ms, precision: 1));
    }

    private static LoadRun Run(LoadSimulation simulation, Func<IterationContext, CancellationToken, Task<StepOutcome>> step) => new()
    {
        Name = "t",
        Steps = [new Step("step", step)],
        Simulation = simulation,
    };

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
