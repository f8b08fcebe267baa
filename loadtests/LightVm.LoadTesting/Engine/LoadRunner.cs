namespace LightVm.LoadTesting.Engine;

/// <summary>
/// Runs a <see cref="LoadRun"/>: the warm-up (discarded), then the measured phase. Open models start
/// iterations on the arrival schedule whether or not earlier ones have finished, and measure the first step
/// from the iteration's intended start, so a stalled system under test shows up in the latencies instead of
/// silently lowering the request rate (coordinated omission). Closed models run N clients back to back.
/// </summary>
public sealed class LoadRunner(TimeProvider time)
{
    /// <summary>Called about twice a second with the run's live figures.</summary>
    public Action<ProgressSnapshot>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public async Task<RunResult> RunAsync(LoadRun run, CancellationToken cancellationToken)
    {
        if (run.Steps.Count == 0)
        {
            throw new ArgumentException($"run '{run.Name}' has no steps");
        }

        if (run.WarmUp is { } warmUp)
        {
            await PhaseAsync(run, warmUp, warmUp: true, cancellationToken).ConfigureAwait(false);
        }

        var (recorder, elapsed) = await PhaseAsync(run, run.Simulation, warmUp: false, cancellationToken).ConfigureAwait(false);
        return recorder.Result(run, run.Simulation, elapsed.TotalSeconds);
    }

    private async Task<(RunRecorder Recorder, TimeSpan Elapsed)> PhaseAsync(LoadRun run, LoadSimulation simulation, bool warmUp, CancellationToken cancellationToken)
    {
        var recorder = new RunRecorder(run.Steps);
        var start = time.GetTimestamp();
        using var progress = new CancellationTokenSource();
        var reporting = ReportAsync(run.Name, warmUp, recorder, start, progress.Token);
        try
        {
            if (simulation.IsOpen)
            {
                await OpenAsync(run, simulation, warmUp, recorder, start, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ClosedAsync(run, simulation, warmUp, recorder, start, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await progress.CancelAsync().ConfigureAwait(false);
            await reporting.ConfigureAwait(false);
        }

        var elapsed = time.GetElapsedTime(start);
        Progress?.Invoke(Snapshot(run.Name, warmUp, recorder, elapsed));
        return (recorder, elapsed);
    }

    private async Task OpenAsync(LoadRun run, LoadSimulation simulation, bool warmUp, RunRecorder recorder, long start, CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        for (long i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            if (ArrivalSchedule.Offset(simulation, i) is not { } offset)
            {
                break;
            }

            var wait = offset - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            if (recorder.InFlight >= run.MaxInFlight)
            {
                recorder.Drop();
                continue;
            }

            running.Add(IterationAsync(run, new IterationContext(i, -1, warmUp, offset), recorder, start, cancellationToken));
            if (running.Count > 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task ClosedAsync(LoadRun run, LoadSimulation simulation, bool warmUp, RunRecorder recorder, long start, CancellationToken cancellationToken)
    {
        long next = -1;
        var clients = Enumerable.Range(0, simulation.Clients).Select(async client =>
        {
            await Task.Yield();
            while (!cancellationToken.IsCancellationRequested)
            {
                var elapsed = time.GetElapsedTime(start);
                if (simulation.Duration is { } d && elapsed >= d)
                {
                    return;
                }

                var i = Interlocked.Increment(ref next);
                if (simulation.Iterations is { } limit && i >= limit)
                {
                    return;
                }

                await IterationAsync(run, new IterationContext(i, client, warmUp, elapsed), recorder, start, cancellationToken).ConfigureAwait(false);
            }
        });
        await Task.WhenAll(clients).ConfigureAwait(false);
    }

    private async Task IterationAsync(LoadRun run, IterationContext context, RunRecorder recorder, long start, CancellationToken cancellationToken)
    {
        await Task.Yield(); // never run a step on the scheduler's own loop
        recorder.Begin();
        var lateness = time.GetElapsedTime(start) - context.IntendedStart;
        if (lateness < TimeSpan.Zero)
        {
            lateness = TimeSpan.Zero;
        }

        var ok = true;
        var first = TimeSpan.Zero;
        using var deadline = new CancellationTokenSource(run.StepTimeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        for (var s = 0; s < run.Steps.Count && ok; s++)
        {
            var began = time.GetTimestamp();
            StepOutcome outcome;
            try
            {
                outcome = await run.Steps[s].Run(context, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                outcome = StepOutcome.Failed("no answer");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                outcome = StepOutcome.Failed("cancelled");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                outcome = StepOutcome.Failed("exception: " + e.GetType().Name);
            }

            var serviceTime = time.GetElapsedTime(began);

            // The first step of an open model is measured from when it should have started.
            var stepLateness = s == 0 ? lateness : TimeSpan.Zero;
            var latency = serviceTime + stepLateness;
            if (s == 0)
            {
                first = outcome.FirstByte is { } firstByte ? firstByte + stepLateness : latency;
            }

            recorder.RecordStep(s, outcome, latency, serviceTime, stepLateness);
            ok = outcome.Ok;
        }

        recorder.End(context.Iteration, ok, first, time.GetElapsedTime(start).TotalSeconds);
    }

    private async Task ReportAsync(string name, bool warmUp, RunRecorder recorder, long start, CancellationToken cancellationToken)
    {
        if (Progress is null)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(ProgressInterval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Progress(Snapshot(name, warmUp, recorder, time.GetElapsedTime(start)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static ProgressSnapshot Snapshot(string name, bool warmUp, RunRecorder recorder, TimeSpan elapsed)
    {
        var (p50, p99) = recorder.LivePercentiles();
        return new ProgressSnapshot(name, warmUp, elapsed.TotalSeconds, recorder.Started, recorder.Ok, recorder.Failed, recorder.InFlight, p50, p99);
    }
}
