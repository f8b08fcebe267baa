using System.Globalization;
using LightVm.Contracts;
using LightVm.Gateway.Proxy;
using LightVm.Gateway.Routing;

namespace LightVm.Gateway.Tests.Proxy;

public sealed class ServerTimingTests
{
    private static readonly GuestTimings Timings = new() { QueueMs = 0.25, ShellMs = 1.5, ExecuteMs = 2, ReadyMs = 3.125 };

    [Fact]
    public void Format_Cold_HasEveryPhaseInOrder()
    {
        var activation = new Activation { Kind = ActivationKind.Cold, Timings = Timings, Held = TimeSpan.FromMilliseconds(10.5) };

        var header = ServerTiming.Format(activation, TimeSpan.FromMilliseconds(0.75));

        Assert.Equal("queue;dur=0.25, shell;dur=1.5, execute;dur=2, ready;dur=3.125, hold;dur=10.5, proxy;dur=0.75", header);
    }

    [Fact]
    public void Format_Warm_HasOnlyProxy()
    {
        var activation = new Activation { Kind = ActivationKind.Warm };

        var header = ServerTiming.Format(activation, TimeSpan.FromMilliseconds(4));

        Assert.Equal("proxy;dur=4", header);
    }

    [Fact]
    public void Format_Resumed_HasHoldAndProxy()
    {
        var activation = new Activation { Kind = ActivationKind.Resumed, Held = TimeSpan.FromMilliseconds(2) };

        var header = ServerTiming.Format(activation, TimeSpan.FromMilliseconds(1));

        Assert.Equal("hold;dur=2, proxy;dur=1", header);
    }

    [Fact]
    public void Format_SubMicrosecond_RoundsToThreeDecimals()
    {
        var activation = new Activation { Kind = ActivationKind.Warm };

        var header = ServerTiming.Format(activation, TimeSpan.FromTicks(12_346)); // 1.2346 ms

        Assert.Equal("proxy;dur=1.235", header);
    }

    [Fact]
    public void Format_CommaDecimalCulture_UsesInvariantDots()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("10,5", 10.5.ToString(CultureInfo.CurrentCulture)); // the culture really writes commas
            var activation = new Activation { Kind = ActivationKind.Cold, Timings = Timings, Held = TimeSpan.FromMilliseconds(10.5) };

            var header = ServerTiming.Format(activation, TimeSpan.FromMilliseconds(0.75));

            Assert.Equal("queue;dur=0.25, shell;dur=1.5, execute;dur=2, ready;dur=3.125, hold;dur=10.5, proxy;dur=0.75", header);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
