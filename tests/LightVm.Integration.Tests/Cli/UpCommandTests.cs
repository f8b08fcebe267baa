using System.Diagnostics;
using LightVm.Testing;

namespace LightVm.Integration.Tests.Cli;

public sealed class UpCommandTests
{
    [Fact]
    public async Task Up_InvalidPolicy_ExitsWithMessageNamingFileAndField()
    {
        var directory = Directory.CreateTempSubdirectory("lightvm-bad-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "broken.yaml"), $"name: broken\nimage: {RepoPaths.JitWebGuest()}\nport: 70000\n");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { CliPaths.CliDll, "up", "--http", "127.0.0.1:0", "--policies", directory })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            var message = await stderr;
            Assert.Contains("broken.yaml", message, StringComparison.Ordinal);
            Assert.Contains("port", message, StringComparison.Ordinal);
            Assert.Contains("1 to 65535", message, StringComparison.Ordinal);
            Assert.DoesNotContain("LightVm up on", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
