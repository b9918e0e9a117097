using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fulcrum.Web.Features.Organisation;

/// <summary>Answers shared by every endpoint that needs the signed-in account to be a person in the organisation.</summary>
public static class PersonProblems
{
    public const string NotLinked =
        "Your account is not linked to a person in the organisation; an admin can link it on the Accounts page.";

    public static ProblemHttpResult NotAPerson() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not linked to a person", detail: NotLinked);
}
