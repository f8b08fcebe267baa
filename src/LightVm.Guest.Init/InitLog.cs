using LightVm.Noxs;

namespace LightVm.Guest.Init;

/// <summary>Lines on the console, each prefixed <c>lightvm-init: </c>; the host's driver reads some of them (docs/vm-guests.md).</summary>
public static class InitLog
{
    public const string Prefix = GuestLink.InitPrefix;

    public static void Say(string message)
    {
        try
        {
            Console.Out.Write(Prefix + message + "\n");
            Console.Out.Flush();
        }
        catch (IOException)
        {
            // No console: nothing to tell anyone.
        }
    }
}
