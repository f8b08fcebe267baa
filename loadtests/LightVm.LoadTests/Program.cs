using LightVm.LoadTests;

return await ColdWarmScenario.RunAsync(args).ConfigureAwait(false);
