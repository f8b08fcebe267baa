using LightVm.JitWeb;

return await Guest.RunAsync(args, Environment.GetEnvironmentVariable(GuestOptions.PageVariable));
