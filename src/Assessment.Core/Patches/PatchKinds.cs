namespace Assessment.Core.Patches;

internal static class PatchKinds
{
    public const string Regular = "regular";
    public const string Emergency = "emergency";
}
