using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LightVm.Dom0.Reaper;

/// <summary>Runs the idle reaper every <see cref="Dom0Options.ReaperInterval"/>.</summary>
internal sealed class IdleReaperService(IdleReaper reaper, IOptions<Dom0Options> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReaperInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await reaper.SweepAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
