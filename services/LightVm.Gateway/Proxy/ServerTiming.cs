using System.Globalization;
using System.Text;
using LightVm.Gateway.Routing;

namespace LightVm.Gateway.Proxy;

/// <summary>Formats the Server-Timing header: where a (cold) request's time went, per phase.</summary>
public static class ServerTiming
{
    public static string Format(Activation activation, TimeSpan proxy)
    {
        var text = new StringBuilder();
        if (activation.Timings is { } t)
        {
            Append(text, "queue", t.QueueMs);
            Append(text, "shell", t.ShellMs);
            Append(text, "execute", t.ExecuteMs);
            Append(text, "ready", t.ReadyMs);
        }

        if (activation.Kind != ActivationKind.Warm)
        {
            Append(text, "hold", activation.Held.TotalMilliseconds);
        }

        Append(text, "proxy", proxy.TotalMilliseconds);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, double ms)
    {
        if (text.Length > 0)
        {
            text.Append(", ");
        }

        text.Append(name).Append(";dur=").Append(ms.ToString("0.###", CultureInfo.InvariantCulture));
    }
}
