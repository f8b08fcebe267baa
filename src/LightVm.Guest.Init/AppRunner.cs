using System.Diagnostics;
using System.Globalization;
using LightVm.Noxs;

namespace LightVm.Guest.Init;

/// <summary>The one application of the guest, started by the init with the environment docs/vm-guests.md gives it.</summary>
public sealed class AppRunner : IDisposable
{
    public const string PageVariable = GuestVariables.Page;
    private readonly Process _process;

    private AppRunner(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a noxs-aware application now (before the page): it waits for <c>go</c> on its standard input.</summary>
    public static AppRunner StartNoxs(AppSpec spec, string pagePath)
    {
        var start = Build(spec);
        start.RedirectStandardInput = true;
        start.Environment[PageVariable] = pagePath;
        return Start(start);
    }

    /// <summary>Starts a plain application once the page is there, telling it its address, port and service.</summary>
    public static AppRunner StartPlain(AppSpec spec, DevicePage page)
    {
        var start = Build(spec);
        foreach (var (key, value) in PlainEnvironment(page))
        {
            start.Environment[key] = value;
        }

        return Start(start);
    }

    /// <summary>The variables a plain application gets from the page.</summary>
    public static IReadOnlyDictionary<string, string> PlainEnvironment(DevicePage page)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [GuestVariables.Service] = page.Service,
            [GuestVariables.GuestId] = page.GuestId.ToString(),
            [GuestVariables.Address] = page.Nic?.Address.ToString() ?? "0.0.0.0",
        };
        if (page.Config.TryGetValue(PageKeys.Port, out var port))
        {
            variables[GuestVariables.Port] = port;
        }

        return variables;
    }

    /// <summary>Tells a noxs application that its page is written.</summary>
    public void Go()
    {
        _process.StandardInput.Write(GuestLink.Go + "\n");
        _process.StandardInput.Flush();
    }

    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits <paramref name="selfExit"/> for the application to end on its own (a noxs application reads the
    /// poweroff in its page), then SIGTERM, then SIGKILL after <paramref name="grace"/>.
    /// </summary>
    public void Stop(TimeSpan selfExit, TimeSpan grace)
    {
        if (_process.WaitForExit(selfExit))
        {
            return;
        }

        Linux.Libc.Kill(_process.Id, 15);
        if (!_process.WaitForExit(grace))
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => _process.Dispose();

    private static ProcessStartInfo Build(AppSpec spec)
    {
        var start = new ProcessStartInfo(spec.Command[0]) { UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var arg in spec.Command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = "/";
        foreach (var (key, value) in spec.Env)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static AppRunner Start(ProcessStartInfo start)
    {
        try
        {
            var process = Process.Start(start) ?? throw new InitException($"could not start {start.FileName}");
            return new AppRunner(process);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InitException(string.Create(CultureInfo.InvariantCulture, $"cannot start {start.FileName}: {ex.Message}"));
        }
    }
}
