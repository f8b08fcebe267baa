using LightVm.Guest.Init;

return InitProcess.Run(args);
