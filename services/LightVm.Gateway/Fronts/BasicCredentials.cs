using System.Security.Cryptography;
using System.Text;

namespace LightVm.Gateway.Fronts;

/// <summary>HTTP Basic credentials (<c>Basic base64(user:token)</c>, RFC 7617) as sent in <c>Proxy-Authorization</c>.</summary>
public sealed record BasicCredentials(string User, string Token)
{
    public static bool TryParse(string? header, out BasicCredentials credentials)
    {
        credentials = null!;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        credentials = new BasicCredentials(decoded[..colon], decoded[(colon + 1)..]);
        return true;
    }

    /// <summary>Compares the token in constant time, so its bytes cannot be guessed from response times.</summary>
    public bool TokenEquals(string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Token), Encoding.UTF8.GetBytes(expected));
}
