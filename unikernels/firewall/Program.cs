using LightVm.FirewallGuest;
using LightVm.Guest.Hosting;

return await GuestHost.RunAsync(new FirewallApp(), args);
