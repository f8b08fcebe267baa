using LightVm.Noxs;

namespace LightVm.Guest.Hosting;

/// <summary>
/// One noxs guest's own logic, run by <see cref="GuestHost"/>: its warm-up, what it makes of its page, and what it
/// does with a newer one. Console lines start with <see cref="Name"/>.
/// </summary>
public abstract class GuestApp
{
    protected GuestApp(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The guest's name: the prefix of its console lines and the command of its usage line.</summary>
    public string Name { get; }

    /// <summary>Work done before the guest says it waits for go (see <see cref="GuestPrewarm"/>); never throws.</summary>
    public virtual void Prewarm()
    {
    }

    /// <summary>Reads the page, starts listening and says so; a page it cannot serve is a <see cref="GuestStartupException"/>.</summary>
    public abstract IGuestServer Start(DevicePage page);

    /// <summary>A newer page (the poweroff is handled already); runs on the page watcher's thread.</summary>
    public virtual void PageChanged(DevicePage page)
    {
    }

    /// <summary>The start-up failure line (after the name) for an exception other than <see cref="GuestStartupException"/>, or null when it is not a start-up failure.</summary>
    public virtual string? StartFailure(Exception exception) => null;
}
