using LightVm.Guest.Hosting;
using LightVm.JitWeb;

return await GuestHost.RunAsync(new JitWebApp(), args);
