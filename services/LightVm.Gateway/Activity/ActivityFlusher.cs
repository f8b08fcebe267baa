using LightVm.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LightVm.Gateway.Activity;

/// <summary>Publishes the tracker's activity as one GuestActivity batch per interval.</summary>
internal sealed class ActivityFlusher(ActivityTracker tracker, IBus bus, IOptions<GatewayOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ActivityFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var entries = tracker.Drain();
                if (entries.Count > 0)
                {
                    await bus.Publish(new GuestActivity { GatewayId = options.Value.GatewayId, Entries = entries }, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
