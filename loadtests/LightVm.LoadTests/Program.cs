using LightVm.LoadTesting.Cli;

// lightvm-loadtests: the same runner as `lightvm bench`; it starts the platform with the lightvm.dll of this
// repository's build (services/LightVm.Cli/bin/...) unless --cli or --target says otherwise.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await BenchCommand.RunAsync(args, "lightvm-loadtests", cliDll: null, stop.Token).ConfigureAwait(false);
