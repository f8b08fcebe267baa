using LightVm.Guest.Hosting;
using LightVm.TlsTerminator;

// One guest per host name: TLS ends here, with the certificate and key the device page carries (in memory
// only; see TlsTerminator.csproj for why this is a NativeAOT C# guest rather than nginx).
return await GuestHost.RunAsync(new TlsTerminatorApp(), args);
