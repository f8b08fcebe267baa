using LightVm.FirewallGuest;

return await Guest.RunAsync(args, Environment.GetEnvironmentVariable(GuestOptions.PageVariable));
