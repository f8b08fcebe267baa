namespace LightVm.Noxs;

/// <summary>The environment variables of the link: where a noxs app finds its page, and what a plain app is told instead.</summary>
public static class GuestVariables
{
    /// <summary>A noxs app: the path of its device page file.</summary>
    public const string Page = "LIGHTVM_PAGE";

    /// <summary>A noxs app on the store channel: the URL of its page in the host's metadata service (instead of the file).</summary>
    public const string Metadata = "LIGHTVM_METADATA";

    /// <summary>A plain app: the service it runs for.</summary>
    public const string Service = "LIGHTVM_SERVICE";

    /// <summary>A plain app: its guest id.</summary>
    public const string GuestId = "LIGHTVM_GUEST_ID";

    /// <summary>A plain app: the address to listen on.</summary>
    public const string Address = "LIGHTVM_ADDRESS";

    /// <summary>A plain app: the port to listen on (the page's <see cref="PageKeys.Port"/>).</summary>
    public const string Port = "LIGHTVM_PORT";
}
