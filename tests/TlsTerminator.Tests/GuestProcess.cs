using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LightVm.Noxs;


namespace LightVm.TlsTerminator.Tests;

/// <summary>
/// One tls-terminator process driven as the host's process driver drives it: started before its page exists,
/// then page written, then <c>go</c> on standard input. Killed on dispose.
/// </summary>
public sealed class GuestProcess : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private GuestProcess(Process process, DirectoryInfo directory, string pagePath)
    {
        _process = process;
        _directory = directory;
        PagePath = pagePath;
    }

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

    public static GuestProcess Start()
    {
        var directory = Directory.CreateTempSubdirectory("tls-terminator-test-");
        var pagePath = Path.Combine(directory.FullName, "page");
        var info = new ProcessStartInfo(GuestBinary.Path())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["LIGHTVM_PAGE"] = pagePath;
        var process = new Process { StartInfo = info };
        var guest = new GuestProcess(process, directory, pagePath);
        process.OutputDataReceived += (_, e) => Append(guest._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(guest._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return guest;
    }

    public static DevicePage Page(Guid guestId, IPAddress address, IReadOnlyDictionary<string, string> config) => new()
    {
        Generation = 1,
        GuestId = guestId,
        Service = "secure",
        Nic = new NicDevice { Mac = [2, 0, 0, 0, 0, 1], Address = address, PrefixLength = 8 },
        Config = config,
    };

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

    public void Go()
    {
        _process.StandardInput.Write("go\n");
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
            Assert.False(_process.HasExited, $"tls-terminator exited with {(_process.HasExited ? _process.ExitCode : 0)}: {Stderr}");
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
                Assert.Fail($"tls-terminator did not listen on {endPoint} within {timeout.TotalSeconds} s ({ex.SocketErrorCode}); stderr: {Stderr}");
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
