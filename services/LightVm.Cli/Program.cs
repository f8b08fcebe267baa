using System.CommandLine;
using LightVm.Cli.Commands;

// SIGTERM / Ctrl+C cancel the running command; System.CommandLine would then end the process after 2 s, before
// the platform has destroyed its guests (many VMs take longer). Stopping is bounded by the host's own shutdown
// timeout instead (PlatformHost.ShutdownTimeout).
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await CliCommands.Build().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
