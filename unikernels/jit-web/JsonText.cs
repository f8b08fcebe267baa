using System.Globalization;
using System.Text;

namespace LightVm.JitWeb;

/// <summary>Writes JSON string contents by hand, so the guest needs no reflection-based serializer.</summary>
public static class JsonText
{
    public static StringBuilder AppendEscaped(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ' or '\u2028' or '\u2029':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder;
    }

    public static string Quote(string value) => AppendEscaped(new StringBuilder(value.Length + 2).Append('"'), value).Append('"').ToString();
}
