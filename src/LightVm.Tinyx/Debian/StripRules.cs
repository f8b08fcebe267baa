namespace LightVm.Tinyx.Debian;

/// <summary>
/// What a single-application image never uses from a Debian package: documentation, man and info pages,
/// locales, apt and dpkg state, caches, logs, init-system and cron glue.
/// </summary>
public static class StripRules
{
    public static readonly IReadOnlyList<string> Prefixes =
    [
        "/usr/share/doc", "/usr/share/man", "/usr/share/info", "/usr/share/locale", "/usr/share/lintian",
        "/usr/share/bug", "/usr/share/bash-completion", "/usr/share/zsh", "/usr/share/vim", "/usr/share/apport",
        "/var/lib/apt", "/var/lib/dpkg", "/var/cache", "/var/log", "/var/lib/systemd",
        "/etc/init.d", "/etc/rc0.d", "/etc/rc1.d", "/etc/rc2.d", "/etc/rc3.d", "/etc/rc4.d", "/etc/rc5.d", "/etc/rc6.d",
        "/etc/systemd", "/lib/systemd", "/usr/lib/systemd", "/etc/logrotate.d", "/etc/cron.d", "/etc/cron.daily",
        "/etc/default", "/etc/ufw", "/etc/apparmor.d", "/usr/lib/tmpfiles.d", "/usr/lib/sysusers.d",
    ];

    public static bool IsStripped(string path) =>
        Prefixes.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal));
}
