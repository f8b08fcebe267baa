using LightVm.Control;
using LightVm.Dom0;
using LightVm.Gateway;
using LightVm.Hosting;
using LightVm.Hosting.Bus;
using LightVm.Policies;
using LightVm.Toolstack.Drivers.Process;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LightVm.Cli.Hosting;

/// <summary>Composes the platform's components into processes: all in one (embedded) or one each (distributed).</summary>
internal static class PlatformHost
{
    /// <summary>
    /// How long stopping may take: the agent destroys its guests and pooled shells (VM shells wait out a poweroff grace),
    /// and a host that gave up at the default 30 s exited with VMs still running.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMinutes(2);

    /// <summary><c>lightvm up</c>: gateway, Dom0 agent and control API in one process on the in-memory bus.</summary>
    public static WebApplication BuildEmbedded(PlatformSettings settings, PolicySet policies) =>
        BuildWeb(settings, policies, gateway: true, dom0: true, control: true, controlPrefix: "/_lightvm");

    public static WebApplication BuildGateway(PlatformSettings settings, PolicySet policies) =>
        BuildWeb(settings, policies, gateway: true, dom0: false, control: false, controlPrefix: "/_lightvm");

    public static WebApplication BuildControl(PlatformSettings settings, PolicySet policies) =>
        BuildWeb(settings, policies, gateway: false, dom0: false, control: true, controlPrefix: string.Empty);

    public static IHost BuildDom0(PlatformSettings settings, PolicySet policies)
    {
        var builder = Host.CreateApplicationBuilder();
        ConfigureLogging(builder.Logging);
        builder.Services.AddLightVmPolicies(policies);
        AddDom0(builder.Services, settings);
        builder.Services.AddLightVmBus(settings.Bus);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        return builder.Build();
    }

    public static PolicySet LoadPolicies(PlatformSettings settings) =>
        PolicyLoader.LoadDirectory(PolicyDirectory.Resolve(settings.Policies), settings.Driver);

    private static WebApplication BuildWeb(PlatformSettings settings, PolicySet policies, bool gateway, bool dom0, bool control, string controlPrefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        ConfigureLogging(builder.Logging);
        builder.WebHost.UseUrls($"http://{settings.Http}");
        builder.Services.AddLightVmPolicies(policies);
        if (gateway)
        {
            builder.Services.AddLightVmGateway(o =>
            {
                o.HostSuffix = settings.HostSuffix;
                o.ActivityFlushInterval = settings.ActivityInterval;
            });
            builder.Services.AddLightVmGatewayFronts(settings.Fronts);
        }

        if (dom0)
        {
            AddDom0(builder.Services, settings);
        }

        if (control || gateway)
        {
            builder.Services.AddLightVmControl();
        }

        builder.Services.AddLightVmBus(settings.Bus);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        var app = builder.Build();
        if (control || gateway)
        {
            // A standalone gateway also answers the control API from its own event feed, under /_lightvm.
            app.MapLightVmControl(controlPrefix);
        }

        if (gateway)
        {
            app.MapLightVmGateway();
        }

        return app;
    }

    private static void AddDom0(IServiceCollection services, PlatformSettings settings)
    {
        services.AddLightVmDom0(o =>
        {
            o.ReaperInterval = settings.ReaperInterval;
            if (settings.AgentId is { } id)
            {
                o.AgentId = id;
            }
        });
        if (settings.StateDirectory is { } state)
        {
            services.PostConfigure<ProcessDriverOptions>(o => o.StateDirectory = state); // the flag wins over LightVm:Drivers:Process
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.AddFilter("MassTransit", LogLevel.Warning);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Yarp", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // unused by the platform; its key warning is noise
    }
}
