using System.Text;

namespace LightVm.Devd;

/// <summary>Linux interface-name rules (dev_valid_name): 1-15 bytes, no '/', ':' or whitespace, not "." or "..".</summary>
internal static class InterfaceName
{
    public const int MaxLength = 15;

    public static void Validate(string? name, string what, string paramName)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{what} is required (a Linux interface name of 1-{MaxLength} characters).", paramName);
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxLength)
        {
            throw new ArgumentException($"{what} '{name}' is {bytes} bytes long; Linux interface names are at most {MaxLength}.", paramName);
        }

        if (name is "." or ".." || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"{what} '{name}' is not a valid Linux interface name (no '/', ':' or whitespace; not '.' or '..').", paramName);
        }
    }
}
