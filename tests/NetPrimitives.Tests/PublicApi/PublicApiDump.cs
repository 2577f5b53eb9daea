using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace NetPrimitives.Tests.PublicApi;

/// <summary>Writes an assembly's public surface as sorted, C#-like lines, one member per line.</summary>
internal static class PublicApiDump
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Create(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(TypeLine(type));
            if (typeof(Delegate).IsAssignableFrom(type))
            {
                continue;
            }

            var members = new List<string>();
            foreach (var member in type.GetMembers(Declared))
            {
                var line = MemberLine(type, member);
                if (line is not null)
                {
                    members.Add("  " + line);
                }
            }

            members.Sort(StringComparer.Ordinal);
            lines.AddRange(members);
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string TypeLine(Type type)
    {
        var kind = type switch
        {
            { IsEnum: true } => "enum",
            { IsInterface: true } => "interface",
            { IsValueType: true } => type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly struct" : "struct",
            _ when typeof(Delegate).IsAssignableFrom(type) => "delegate",
            { IsAbstract: true, IsSealed: true } => "static class",
            { IsAbstract: true } => "abstract class",
            { IsSealed: true } => "sealed class",
            _ => "class",
        };

        if (kind == "delegate")
        {
            var invoke = type.GetMethod("Invoke")!;
            return $"delegate {Name(invoke.ReturnType)} {Name(type)}({Parameters(invoke)})";
        }

        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static string? MemberLine(Type owner, MemberInfo member)
    {
        switch (member)
        {
            case ConstructorInfo ctor when Visible(ctor):
                return $"{Access(ctor)}{(ctor.IsStatic ? "static " : string.Empty)}ctor({Parameters(ctor)})";
            case MethodInfo method when Visible(method) && !method.IsSpecialName:
                return $"{Access(method)}{Modifiers(method)}{Name(method.ReturnType)} {method.Name}{GenericArguments(method)}({Parameters(method)})";
            case MethodInfo method when Visible(method) && method.Name.StartsWith("op_", StringComparison.Ordinal):
                return $"{Access(method)}static {Name(method.ReturnType)} {method.Name}({Parameters(method)})";
            case PropertyInfo property:
                var accessors = new List<string>();
                if (property.GetMethod is { } get && Visible(get))
                {
                    accessors.Add(Access(get) + "get");
                }

                if (property.SetMethod is { } set && Visible(set))
                {
                    var init = set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m == typeof(IsExternalInit));
                    accessors.Add(Access(set) + (init ? "init" : "set"));
                }

                if (accessors.Count == 0)
                {
                    return null;
                }

                var accessor = property.GetMethod ?? property.SetMethod!;
                var indexer = property.GetIndexParameters();
                var name = indexer.Length > 0 ? $"this[{string.Join(", ", indexer.Select(p => Name(p.ParameterType) + " " + p.Name))}]" : property.Name;
                return $"{Modifiers(accessor)}{Name(property.PropertyType)} {name} {{ {string.Join("; ", accessors)}; }}";
            case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                if (owner.IsEnum)
                {
                    return field.IsSpecialName ? null : $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
                }

                var constant = field.IsLiteral ? $"const {Name(field.FieldType)} {field.Name} = {Literal(field.GetRawConstantValue())}" : null;
                return constant ?? $"{(field.IsStatic ? "static " : string.Empty)}{(field.IsInitOnly ? "readonly " : string.Empty)}{Name(field.FieldType)} {field.Name}";
            case EventInfo @event when @event.AddMethod is { } add && Visible(add):
                return $"{Modifiers(add)}event {Name(@event.EventHandlerType!)} {@event.Name}";
            case Type nested when nested.IsNestedPublic:
                return null; // listed as its own type
            default:
                return null;
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? string.Empty : "protected ";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return "static ";
        }

        if (method.DeclaringType!.IsInterface)
        {
            return string.Empty;
        }

        if (method.IsAbstract)
        {
            return "abstract ";
        }

        if (method.IsVirtual && !method.IsFinal)
        {
            return method.GetBaseDefinition() != method ? "override " : "virtual ";
        }

        return method.IsVirtual && method.GetBaseDefinition() != method ? "override " : string.Empty;
    }

    private static string GenericArguments(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo p)
    {
        var sb = new StringBuilder();
        if (p.IsDefined(typeof(ParamArrayAttribute)))
        {
            sb.Append("params ");
        }

        var type = p.ParameterType;
        if (type.IsByRef)
        {
            sb.Append(p.IsOut ? "out " : p.IsIn ? "in " : "ref ");
            type = type.GetElementType()!;
        }

        sb.Append(Name(type)).Append(' ').Append(p.Name);
        if (p.HasDefaultValue)
        {
            sb.Append(" = ").Append(p.RawDefaultValue is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : Literal(p.RawDefaultValue));
        }

        return sb.ToString();
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsByRef)
        {
            return Name(type.GetElementType()!) + "&";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (type.IsGenericType)
        {
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0)
            {
                name = name[..tick];
            }

            name += "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
