namespace LightVm.Devd.Netlink;

/// <summary>One parsed netlink message: the nlmsghdr fields and the bytes after the header.</summary>
internal readonly record struct NetlinkMessage(ushort Type, ushort Flags, uint Sequence, uint PortId, ReadOnlyMemory<byte> Payload);
