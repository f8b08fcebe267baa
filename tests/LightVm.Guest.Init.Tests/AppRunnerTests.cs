namespace LightVm.Guest.Init.Tests;

public sealed class AppRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lightvm-apprunner-").FullName;

    [Fact]
    public void WaitUntilWaiting_AppCreatesItsWaitingFile_True()
    {
        using var app = AppRunner.StartNoxs(Shell("touch \"$LIGHTVM_WAITING_FILE\"; read go"), Path.Combine(_directory, "page"));

        Assert.True(app.WaitUntilWaiting(TimeSpan.FromSeconds(20)));
        app.Go();
        Assert.Equal(0, app.WaitForExit());
    }

    [Fact]
    public void WaitUntilWaiting_AppNeverSaysSo_FalseAfterTheTimeout()
    {
        using var app = AppRunner.StartNoxs(Shell("read go"), Path.Combine(_directory, "page"));

        Assert.False(app.WaitUntilWaiting(TimeSpan.FromMilliseconds(200)));
        app.Go();
        app.WaitForExit();
    }

    [Fact]
    public void WaitUntilWaiting_AppExitsFirst_False()
    {
        using var app = AppRunner.StartNoxs(Shell("exit 3"), Path.Combine(_directory, "page"));

        Assert.False(app.WaitUntilWaiting(TimeSpan.FromSeconds(20)));
        Assert.Equal(3, app.WaitForExit());
    }

    [Fact]
    public void StartNoxs_StaleWaitingFileFromAnEarlierApp_IsRemovedFirst()
    {
        var page = Path.Combine(_directory, "page");
        File.WriteAllBytes(page + ".app-waiting", []);

        using var app = AppRunner.StartNoxs(Shell("read go"), page);

        Assert.False(app.WaitUntilWaiting(TimeSpan.FromMilliseconds(100)));
        app.Go();
        app.WaitForExit();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static AppSpec Shell(string script) => new() { Command = ["/bin/sh", "-c", script], Noxs = true };
}
