using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Noxs;

namespace LightVm.Guest.Testing;

/// <summary>
/// One published guest process (jit-web, firewall, tls-terminator) driven as the host's process driver drives it:
/// started before its page exists, then page written, then <c>go</c> on standard input. Killed on dispose.
/// Failures throw with the guest's output, which fails the calling test.
/// </summary>
public sealed class GuestProcess : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private GuestProcess(Process process, DirectoryInfo directory, string pagePath, string name)
    {
        _process = process;
        _directory = directory;
        PagePath = pagePath;
        Name = name;
    }

    /// <summary>The guest's name in messages and in its temporary directory.</summary>
    public string Name { get; }

    public string PagePath { get; }

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="binary"/> with <c>LIGHTVM_PAGE</c> pointing at a page that does not exist yet.</summary>
    public static GuestProcess Start(string binary, string name)
    {
        var directory = Directory.CreateTempSubdirectory(name + "-test-");
        var pagePath = Path.Combine(directory.FullName, "page");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment[GuestVariables.Page] = pagePath;
        var process = new Process { StartInfo = info };
        var guest = new GuestProcess(process, directory, pagePath, name);
        process.OutputDataReceived += (_, e) => Append(guest._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(guest._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return guest;
    }

    public static int FreePort(IPAddress address)
    {
        var probe = new TcpListener(address, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    public void WritePage(DevicePage page) => DevicePageWriter.WriteFile(PagePath, page);

    /// <summary>
    /// Waits until standard output holds <paramref name="text"/> (it is read asynchronously, so a line the guest
    /// wrote before answering may arrive after the answer); fails with both streams when it does not within 10 s.
    /// </summary>
    public async Task AssertStdoutEventuallyContainsAsync(string text)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            try
            {
                await Task.Delay(20, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name}'s stdout never said '{text}'.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
        }
    }

    public void Go()
    {
        _process.StandardInput.Write(GuestLink.Go + "\n");
        _process.StandardInput.Flush();
    }

    public void CloseStandardInput() => _process.StandardInput.Close();

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Connects until the guest answers; fails with its stderr if it exits or stays silent.</summary>
    public async Task WaitUntilListeningAsync(IPEndPoint endPoint, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}: {Stderr}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(endPoint);
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(20);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"{Name} did not listen on {endPoint} within {timeout.TotalSeconds} s ({ex.SocketErrorCode}); stderr: {Stderr}", ex);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private static void Append(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
        }
    }
}
