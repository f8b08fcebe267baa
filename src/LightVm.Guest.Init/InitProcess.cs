using LightVm.Guest.Init.Linux;
using LightVm.Guest.Init.Page;
using LightVm.Noxs;

namespace LightVm.Guest.Init;

/// <summary>The init's life, step by step as docs/vm-guests.md lists it.</summary>
public static class InitProcess
{
    public const string PagePath = "/run/lightvm/page";
    public static readonly TimeSpan FirstPagePoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The safety poll of a running guest. The drivers ring the doorbell after every page they write, so this only
    /// bounds a missed ring; each wake-up of an idle guest costs host CPU (under UML a few ptrace round trips), and a
    /// thousand guests add those up. An idle UML guest costs about 2 ms of host CPU per second, mostly its kernel's
    /// own timers (docs/benchmarks/uml.md).
    /// </summary>
    public static readonly TimeSpan UpdatePoll = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Arguments (for tests and by hand; none in a VM): <c>--app FILE</c> (default /lightvm/app.json),
    /// <c>--page-memory FILE</c> (default: located), <c>--page FILE</c> (default /run/lightvm/page).
    /// </summary>
    public static int Run(string[] args)
    {
        var isInit = Libc.GetPid() == 1;
        try
        {
            var options = InitOptions.Parse(args);
            if (isInit)
            {
                Mounts.MountAll();
            }

            var code = RunApplication(options);
            InitLog.Say($"app exited {code}");
            Power.Off();
            return code;
        }
        catch (InitException ex)
        {
            InitLog.Say($"error: {ex.Message}");
            Power.Off();
            return 1;
        }
    }

    private static int RunApplication(InitOptions options)
    {
        var spec = AppSpec.Load(options.AppPath);
        Directory.CreateDirectory(Path.GetDirectoryName(options.PagePath)!);
        using var app = spec.Noxs ? AppRunner.StartNoxs(spec, options.PagePath) : null;
        using var memory = options.PageMemory is null
            ? PageMemoryLocator.Locate(ReadKernelCommandLine())
            : FilePageMemory.Open(options.PageMemory);
        using var doorbell = new Doorbell(Console.OpenStandardInput());
        doorbell.Start();
        var poller = new PagePoller(memory, doorbell.Wait);

        InitLog.Say(GuestLink.InitWaitingLine[GuestLink.InitPrefix.Length..]);
        var page = poller.WaitForNewer(0, FirstPagePoll, CancellationToken.None);
        if (page.Nic is not null)
        {
            NicSetup.Configure(page.Nic);
        }

        DevicePageWriter.WriteFile(options.PagePath, page);
        var running = app ?? AppRunner.StartPlain(spec, page);
        if (app is not null)
        {
            app.Go();
        }

        InitLog.Say($"executed generation {page.Generation} guest {page.GuestId}");
        StartWatching(poller, page, running, options.PagePath, spec.Noxs);
        var code = running.WaitForExit();
        if (!ReferenceEquals(running, app))
        {
            running.Dispose();
        }

        return code;
    }

    /// <summary>Copies newer pages for the application; a poweroff request stops the application, which ends the VM.</summary>
    private static void StartWatching(PagePoller poller, DevicePage first, AppRunner app, string pagePath, bool noxs)
    {
        var thread = new Thread(() =>
        {
            var current = first;
            while (!app.HasExited)
            {
                current = poller.WaitForNewer(current.Generation, UpdatePoll, CancellationToken.None);
                DevicePageWriter.WriteFile(pagePath, current);
                InitLog.Say($"page generation {current.Generation} sysctl {current.Sysctl}");
                if (current.Sysctl == SysctlRequest.Poweroff)
                {
                    app.Stop(noxs ? StopGrace : TimeSpan.Zero, StopGrace);
                    return;
                }
            }
        })
        {
            IsBackground = true,
            Name = "page-watch",
        };
        thread.Start();
    }

    private static string ReadKernelCommandLine()
    {
        try
        {
            return File.ReadAllText("/proc/cmdline");
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
