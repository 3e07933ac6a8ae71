using System.Security.Claims;
using Assessment.Core.Data;
using Microsoft.AspNetCore.Authentication;

namespace Assessment.Server;

// The signed-in principal: the user's id and name, and each role as a role claim. The user row
// itself rides on the request for the handlers that need it (patch views, the engine).
internal static class Principals
{
    public static AuthenticationTicket Ticket(HttpContext http, User user, string scheme)
    {
        http.Items[typeof(User)] = user;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Name),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, scheme)), scheme);
    }

    public static User? SignedIn(this HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.Items[typeof(User)] as User : null;

    // The caller of an endpoint behind an authorization policy.
    public static User Caller(this HttpContext http) =>
        http.SignedIn() ?? throw new InvalidOperationException("no signed-in user on this request");
}
