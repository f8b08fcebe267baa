using LightVm.DevdBench;

return await DevdBenchmark.RunAsync(args).ConfigureAwait(false);
