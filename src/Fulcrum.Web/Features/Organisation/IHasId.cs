namespace Fulcrum.Web.Features.Organisation;

/// <summary>An entity with an integer key, so shared endpoint code can build its location.</summary>
public interface IHasId
{
    int Id { get; }
}
