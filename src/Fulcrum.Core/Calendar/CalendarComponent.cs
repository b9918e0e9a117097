namespace Fulcrum.Core.Calendar;

/// <summary>A property parameter (RFC 5545 3.2): its name upper-cased, and its values unquoted, in order.</summary>
public sealed record CalendarParameter(string Name, IReadOnlyList<string> Values)
{
    public string Value => Values.Count > 0 ? Values[0] : "";
}

/// <summary>
/// One content line (RFC 5545 3.1) once unfolded: the name upper-cased, the parameters, and the value
/// exactly as written (escapes and all: how to read it depends on the property's value type).
/// Unknown and X- properties are kept like any other.
/// </summary>
public sealed record CalendarProperty(string Name, IReadOnlyList<CalendarParameter> Parameters, string Value, int Line)
{
    /// <summary>The first value of the parameter named (case-insensitive), or null.</summary>
    public string? Parameter(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Value;
            }
        }
        return null;
    }
}

/// <summary>A BEGIN:NAME … END:NAME block: its properties and the components inside it, in file order.</summary>
public sealed class CalendarComponent(string name, int line)
{
    public string Name { get; } = name;

    /// <summary>The line of its BEGIN.</summary>
    public int Line { get; } = line;

    public List<CalendarProperty> Properties { get; } = [];
    public List<CalendarComponent> Components { get; } = [];

    /// <summary>The first property named (case-insensitive), or null.</summary>
    public CalendarProperty? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }
        return null;
    }

    public IEnumerable<CalendarProperty> PropertiesNamed(string name) =>
        Properties.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<CalendarComponent> ComponentsNamed(string name) =>
        Components.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
