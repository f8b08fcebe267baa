using LightVm.ToolstackBench;

return await ToolstackBenchmark.RunAsync(args).ConfigureAwait(false);
