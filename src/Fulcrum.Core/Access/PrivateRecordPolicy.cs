using Fulcrum.Core.Organisation;

namespace Fulcrum.Core.Access;

/// <summary>
/// The one rule for people-level private records (assessments, growth plans, brag documents):
/// visible to the person, to their manager chain, and to anyone the record itself names as a
/// reader (the raters of an assessment cycle). Admins administer accounts; being an admin does
/// not by itself open anyone's private records (PRODUCT.md, principle 2).
/// </summary>
public static class PrivateRecordPolicy
{
    public static bool CanRead(
        int? viewerPersonId,
        int ownerPersonId,
        ReportingLines reportingLines,
        IReadOnlyCollection<int>? namedReaders = null)
    {
        if (viewerPersonId is not int viewer)
        {
            return false;
        }
        return viewer == ownerPersonId
            || reportingLines.IsInManagerChain(viewer, ownerPersonId)
            || (namedReaders?.Contains(viewer) ?? false);
    }
}
