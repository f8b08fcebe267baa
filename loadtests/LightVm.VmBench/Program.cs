using LightVm.VmBench;

return await VmBenchmark.RunAsync(args).ConfigureAwait(false);
