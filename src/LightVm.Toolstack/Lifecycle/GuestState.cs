namespace LightVm.Toolstack.Lifecycle;

public enum GuestState
{
    Prepared,
    Executing,
    Running,
    Paused,
    Saved,
    Destroyed,
    Failed,
}
