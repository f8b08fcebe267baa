namespace LightVm.Toolstack.Lifecycle;

public enum GuestTrigger
{
    Execute,
    Ready,
    Pause,
    Resume,
    Save,
    Restore,
    Destroy,
    Fail,
}
