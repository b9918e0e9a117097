namespace Fulcrum.Core.Calendar;

/// <summary>ROLE (RFC 5545 3.2.16); <see cref="Other"/> for an X- or unknown role, whose text the attendee keeps.</summary>
public enum CalendarAttendeeRole
{
    RequiredParticipant,
    OptionalParticipant,
    Chair,
    NonParticipant,
    Other,
}

/// <summary>PARTSTAT (RFC 5545 3.2.12); <see cref="Other"/> for an X- or unknown status, whose text the attendee keeps.</summary>
public enum CalendarParticipationStatus
{
    NeedsAction,
    Accepted,
    Declined,
    Tentative,
    Delegated,
    Completed,
    InProcess,
    Other,
}

/// <summary>
/// CUTYPE (RFC 5545 3.2.3). <see cref="Unknown"/> is the RFC's own UNKNOWN value; <see cref="Other"/>
/// is an X- or unrecognised type, whose text the attendee keeps.
/// </summary>
public enum CalendarUserType
{
    Individual,
    Group,
    Resource,
    Room,
    Unknown,
    Other,
}

/// <summary>
/// An ATTENDEE or ORGANIZER as a person reads it: the e-mail address (lower-cased, without mailto:),
/// the name, and what they are asked and have answered. The RFC's defaults apply when a parameter is
/// missing (REQ-PARTICIPANT, NEEDS-ACTION, INDIVIDUAL, no RSVP). The raw texts are kept beside the
/// enums so an X- value is not lost.
/// </summary>
public sealed record CalendarAttendee(
    string Address,
    string? CommonName,
    CalendarAttendeeRole Role,
    string RoleText,
    CalendarParticipationStatus ParticipationStatus,
    string ParticipationStatusText,
    CalendarUserType UserType,
    string UserTypeText,
    bool Rsvp)
{
    /// <summary>
    /// Reads the property's value and parameters. An empty or unreadable address gives an empty
    /// <see cref="Address"/> rather than an exception: whether that matters is the caller's call.
    /// </summary>
    public static CalendarAttendee From(CalendarProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        CalendarValues.TryParseCalAddress(property.Value, out var address, out _);

        var commonName = property.Parameter("CN");
        var roleText = Upper(property.Parameter("ROLE"), "REQ-PARTICIPANT");
        var statusText = Upper(property.Parameter("PARTSTAT"), "NEEDS-ACTION");
        var typeText = Upper(property.Parameter("CUTYPE"), "INDIVIDUAL");
        var rsvp = string.Equals(property.Parameter("RSVP")?.Trim(), "TRUE", StringComparison.OrdinalIgnoreCase);

        var role = roleText switch
        {
            "REQ-PARTICIPANT" => CalendarAttendeeRole.RequiredParticipant,
            "OPT-PARTICIPANT" => CalendarAttendeeRole.OptionalParticipant,
            "CHAIR" => CalendarAttendeeRole.Chair,
            "NON-PARTICIPANT" => CalendarAttendeeRole.NonParticipant,
            _ => CalendarAttendeeRole.Other,
        };
        var status = statusText switch
        {
            "NEEDS-ACTION" => CalendarParticipationStatus.NeedsAction,
            "ACCEPTED" => CalendarParticipationStatus.Accepted,
            "DECLINED" => CalendarParticipationStatus.Declined,
            "TENTATIVE" => CalendarParticipationStatus.Tentative,
            "DELEGATED" => CalendarParticipationStatus.Delegated,
            "COMPLETED" => CalendarParticipationStatus.Completed,
            "IN-PROCESS" => CalendarParticipationStatus.InProcess,
            _ => CalendarParticipationStatus.Other,
        };
        var type = typeText switch
        {
            "INDIVIDUAL" => CalendarUserType.Individual,
            "GROUP" => CalendarUserType.Group,
            "RESOURCE" => CalendarUserType.Resource,
            "ROOM" => CalendarUserType.Room,
            "UNKNOWN" => CalendarUserType.Unknown,
            _ => CalendarUserType.Other,
        };
        return new CalendarAttendee(address, string.IsNullOrWhiteSpace(commonName) ? null : commonName,
            role, roleText, status, statusText, type, typeText, rsvp);
    }

    // Parameter values are case-insensitive (RFC 5545 3.2), so "accepted" from a lax writer still counts.
    private static string Upper(string? value, string fallback) =>
        string.IsNullOrWhiteSpace(value) ? fallback : value.Trim().ToUpperInvariant();
}
