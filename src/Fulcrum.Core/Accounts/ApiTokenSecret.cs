using System.Security.Cryptography;
using System.Text;

namespace Fulcrum.Core.Accounts;

/// <summary>
/// Personal API tokens: <c>fulcrum_</c> + 40 random base62 characters (about 238 bits).
/// Because the secret is random and long, a single SHA-256 is the right hash: there is nothing
/// for a slow password hash to protect, and lookups stay one indexed query.
/// </summary>
public static class ApiTokenSecret
{
    public const string Scheme = "fulcrum_";
    private const int SecretLength = 40;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate() => Scheme + RandomNumberGenerator.GetString(Alphabet, SecretLength);

    public static bool LooksLikeToken(string? value) =>
        value is not null && value.StartsWith(Scheme, StringComparison.Ordinal)
        && value.Length == Scheme.Length + SecretLength;

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>What may be shown of a token after creation: enough to recognise it, not to use it.</summary>
    public static string DisplayPrefix(string token) => token[..(Scheme.Length + 6)];
}
