namespace LightVm.Devd.Netlink;

/// <summary>
/// Wire constants from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h, linux/veth.h,
/// linux/socket.h (AF_BRIDGE).
/// </summary>
internal static class Rtnl
{
    // nlmsghdr
    public const int HeaderLength = 16;
    public const ushort NlmsgNoop = 1;
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort NlmsgOverrun = 4;

    public const ushort NlmFRequest = 0x01;
    public const ushort NlmFMulti = 0x02;
    public const ushort NlmFAck = 0x04;
    public const ushort NlmFEcho = 0x08;
    public const ushort NlmFRoot = 0x100;
    public const ushort NlmFMatch = 0x200;
    public const ushort NlmFDump = NlmFRoot | NlmFMatch;
    public const ushort NlmFReplace = 0x100;
    public const ushort NlmFExcl = 0x200;
    public const ushort NlmFCreate = 0x400;

    // Flags on NLMSG_ERROR replies.
    public const ushort NlmFCapped = 0x100;
    public const ushort NlmFAckTlvs = 0x200;
    public const ushort NlmsgerrAttrMsg = 1;

    // rtnetlink message types
    public const ushort RtmNewLink = 16;
    public const ushort RtmDelLink = 17;
    public const ushort RtmGetLink = 18;
    public const ushort RtmSetLink = 19;
    public const ushort RtmNewAddr = 20;
    public const ushort RtmGetAddr = 22;
    public const ushort RtmNewRoute = 24;
    public const ushort RtmNewNeigh = 28;
    public const ushort RtmDelNeigh = 29;

    // struct sizes
    public const int IfInfoMsgLength = 16;
    public const int IfAddrMsgLength = 8;
    public const int RtMsgLength = 12;
    public const int NdMsgLength = 12;
    public const int RtAttrHeaderLength = 4;

    public const byte AfUnspec = 0;
    public const byte AfInet = 2;
    public const byte AfBridge = 7;

    // net_device flags
    public const uint IffUp = 0x1;
    public const uint IffLoopback = 0x8;

    // IFLA_*
    public const ushort IflaAddress = 1;
    public const ushort IflaIfName = 3;
    public const ushort IflaMaster = 10;
    public const ushort IflaProtInfo = 12;
    public const ushort IflaOperState = 16;
    public const ushort IflaLinkInfo = 18;
    public const ushort IflaNetNsPid = 19;
    public const ushort IflaNetNsFd = 28;
    public const ushort IflaInfoKind = 1;
    public const ushort IflaInfoData = 2;
    public const ushort IflaInfoSlaveKind = 4;
    public const ushort IflaInfoSlaveData = 5;
    public const ushort VethInfoPeer = 1;

    // IFLA_BRPORT_* (bridge port attributes, nested in IFLA_PROTINFO or IFLA_INFO_SLAVE_DATA)
    public const ushort IflaBrportIsolated = 33;

    // IFA_*
    public const ushort IfaAddress = 1;
    public const ushort IfaLocal = 2;
    public const ushort IfaBroadcast = 4;

    // rtmsg / RTA_*
    public const byte RtTableMain = 254;
    public const byte RtprotBoot = 3;
    public const byte RtScopeUniverse = 0;
    public const byte RtnUnicast = 1;
    public const ushort RtaOif = 4;
    public const ushort RtaGateway = 5;

    // ndmsg / NDA_*
    public const ushort NdaDst = 1;
    public const ushort NdaLladdr = 2;
    public const ushort NudPermanent = 0x80;

    public const ushort NlaFNested = 0x8000;
    public const ushort NlaTypeMask = 0x3fff;

    public static int Align(int length) => (length + 3) & ~3;
}
