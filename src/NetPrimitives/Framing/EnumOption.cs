namespace NetPrimitives.Framing;

// The check of an enum setting read from an options object (the framers', the echo server's): a value no member names
// (an integer cast to the enum) fails the constructor, naming the setting and the number it holds.
internal static class EnumOption
{
    public static void ThrowIfUndefined<TEnum>(TEnum value, string setting, string paramName)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{setting} {value} is not a defined {typeof(TEnum).Name} value.", paramName);
        }
    }
}
