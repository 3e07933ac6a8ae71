using Assessment.Core.Evidence.Personal;
using Assessment.Core.Git;

namespace Assessment.Core.Evidence;

// A hand-over checked against several public keys (the server's keys across rotations): the key
// id is computed from each PEM, never taken from anyone's label for it; the key that signed the
// document wins, otherwise the most telling failure is reported.
internal static class HandoverKeys
{
    // People: their keys with their periods, for the personal signatures the hand-over carries.
    // Documents: the workflow document versions by content hash (from the log, or a file), whose
    // Signatures table says which of those signatures were required.
    public static HandoverVerification Verify(
        string envelopeJson, IEnumerable<string> publicKeys, string? repositoryPath, IReadOnlyList<PersonKey>? people = null,
        Func<string, SignatureDocument?>? documents = null)
    {
        ArgumentNullException.ThrowIfNull(envelopeJson);
        ArgumentNullException.ThrowIfNull(publicKeys);
        envelopeJson = envelopeJson.TrimStart('\uFEFF');
        var failures = new List<string>();
        foreach (var pem in publicKeys)
        {
            try
            {
                if (SigningKey.KeyIdOf(pem) is not { } keyId)
                {
                    failures.Add("a public key is not an ECDSA P-256 key in PEM form");
                    continue;
                }
                var result = Handover.Verify(envelopeJson, pem, keyId, repositoryPath);
                if (result.Ok) return WithPersonalSignatures(result, people, documents);
                failures.Add(result.Detail);
            }
            catch (Exception e) when (GitReader.IsGitFailure(e))
            {
                return HandoverVerification.Bad($"cannot read the repository at {repositoryPath}: {e.Message}");
            }
        }
        var telling = failures.FirstOrDefault(f => !f.StartsWith("no signature by key", StringComparison.Ordinal)) ?? failures.FirstOrDefault();
        return HandoverVerification.Bad(telling ?? "no public key to verify with");
    }

    private static HandoverVerification WithPersonalSignatures(
        HandoverVerification result, IReadOnlyList<PersonKey>? people, Func<string, SignatureDocument?>? documents)
    {
        var p = result.Predicate!;
        if (documents?.Invoke(p.Workflow.ContentHash) is not { } document)
        {
            return HandoverVerification.Bad($"which personal signatures were required is read from the workflow document that judged the " +
                $"blessing, {p.Workflow.Name} {p.Workflow.ContentHash}, which is not at hand: give the saved log (--events) or the document (--workflow)");
        }
        if (!HandoverSignatures.Carries(p) && document.Rules.Count == 0) return result;
        if (people is null)
        {
            return HandoverVerification.Bad("the hand-over carries or needs personal signatures; checking them needs the people's keys " +
                "(a keys file saved by `assess keys get --out` holds them)");
        }
        return HandoverSignatures.Check(p, people, document) is { } problem
            ? HandoverVerification.Bad($"personal signature: {problem}")
            : result with { Detail = result.Detail + (HandoverSignatures.Carries(p) ? ", with every personal signature" : ", with every personal signature its document required") };
    }
}
