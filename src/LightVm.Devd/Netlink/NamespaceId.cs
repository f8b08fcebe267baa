namespace LightVm.Devd.Netlink;

/// <summary>Identity of a namespace file: nsfs device and inode (what `readlink /proc/x/ns/net` shows as net:[ino]).</summary>
internal readonly record struct NamespaceId(uint DeviceMajor, uint DeviceMinor, ulong Inode);
