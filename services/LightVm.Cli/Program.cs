using LightVm.Cli.Commands;

return await CliCommands.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
