using Assessment.Core.Data;
using Assessment.Core.Workflow;

namespace Assessment.Core.Users;

// The role catalog asked about a user: "does this user administer / read evidence?".
internal static class UserRoles
{
    public static bool Administers(this RoleCatalog roles, User user) => roles.Administers(user.Roles);

    public static bool ReadsEvidence(this RoleCatalog roles, User user) => roles.ReadsEvidence(user.Roles);
}
