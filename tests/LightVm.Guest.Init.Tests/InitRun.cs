using System.Collections.Concurrent;
using System.Diagnostics;
using LightVm.Noxs;
using LightVm.Testing;

namespace LightVm.Guest.Init.Tests;

/// <summary>The published init run as an ordinary child process, with a plain file as its page memory.</summary>
internal sealed class InitRun : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();

    private InitRun(Process process, string directory)
    {
        _process = process;
        Directory = directory;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Directory { get; }

    public string Memory => Path.Combine(Directory, "memory");

    public ConcurrentQueue<string> Output { get; } = new();

    public static InitRun Start(string appJson)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("init-run").FullName;
        File.WriteAllText(Path.Combine(directory, "app.json"), appJson);
        File.WriteAllBytes(Path.Combine(directory, "memory"), new byte[DevicePageLayout.MaxPageSize]);
        var start = new ProcessStartInfo(RepoPaths.GuestInit())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[] { "--app", Path.Combine(directory, "app.json"), "--page-memory", Path.Combine(directory, "memory"), "--page", Path.Combine(directory, "run", "page") })
        {
            start.ArgumentList.Add(arg);
        }

        return new InitRun(Process.Start(start)!, directory);
    }

    public string WaitForLine(string contains, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(100)) && line.Contains(contains, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new TimeoutException($"No line with '{contains}' within {timeout}; output so far:\n{string.Join('\n', Output)}");
    }

    /// <summary>Writes the page into the page memory, as the host does, then rings the doorbell.</summary>
    public void WritePageAndRing(DevicePage page)
    {
        var bytes = DevicePageWriter.Serialize(page);
        using (var stream = new FileStream(Memory, FileMode.Open, FileAccess.Write))
        {
            stream.Write(bytes);
        }

        _process.StandardInput.Write("\n");
        _process.StandardInput.Flush();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"The init did not exit within {timeout}; output:\n{string.Join('\n', Output)}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
            _lines.Add(line);
        }
    }
}
