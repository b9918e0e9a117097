using Fulcrum.Core.Accounts;

namespace Fulcrum.Core.Tests.Accounts;

public class ApiTokenSecretTests
{
    // 40 characters after the scheme, like a real token.
    private const string KnownToken = "fulcrum_0123456789ABCDEFGHIJabcdefghijKLMNOPQRST";

    [Fact]
    public void Generate_StartsWithTheSchemeAndHas40AlphanumericCharacters()
    {
        var token = ApiTokenSecret.Generate();

        Assert.StartsWith("fulcrum_", token, StringComparison.Ordinal);
        Assert.Equal(48, token.Length);
        Assert.All(token["fulcrum_".Length..], c => Assert.True(char.IsAsciiLetterOrDigit(c), $"'{c}' is not a base62 character"));
        Assert.True(ApiTokenSecret.LooksLikeToken(token));
    }

    [Fact]
    public void Generate_ManyTokens_AreAllDifferent()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => ApiTokenSecret.Generate()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generate_UsesTheWholeAlphabet()
    {
        var used = Enumerable.Range(0, 200).SelectMany(_ => ApiTokenSecret.Generate()["fulcrum_".Length..]).ToHashSet();

        Assert.Equal(62, used.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fulcrum_")]
    [InlineData("fulcrum_0123456789ABCDEFGHIJabcdefghijKLMNOPQRS")]   // 39 characters after the scheme
    [InlineData("fulcrum_0123456789ABCDEFGHIJabcdefghijKLMNOPQRSTU")] // 41
    [InlineData("Fulcrum_0123456789ABCDEFGHIJabcdefghijKLMNOPQRST")]  // scheme is case-sensitive
    [InlineData("ghp_0123456789ABCDEFGHIJabcdefghijKLMNOPQRSTuvwx")]  // someone else's token, same length
    [InlineData("0123456789ABCDEFGHIJabcdefghijKLMNOPQRSTuvwxyzAB")]  // no scheme at all
    public void LooksLikeToken_WrongPrefixOrLength_IsRejected(string? value)
    {
        Assert.False(ApiTokenSecret.LooksLikeToken(value));
    }

    [Fact]
    public void LooksLikeToken_WellFormedToken_IsAccepted()
    {
        Assert.True(ApiTokenSecret.LooksLikeToken(KnownToken));
    }

    [Fact]
    public void Hash_KnownToken_IsItsSha256InLowercaseHex()
    {
        // Computed independently: printf %s fulcrum_0123456789ABCDEFGHIJabcdefghijKLMNOPQRST | sha256sum
        Assert.Equal("bdf76315b39861c47a50bc88e4e7e0308e0dd605944fe9bebb615912bfd27263", ApiTokenSecret.Hash(KnownToken));
    }

    [Fact]
    public void Hash_EmptyString_IsTheWellKnownEmptyDigest()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ApiTokenSecret.Hash(""));
    }

    [Fact]
    public void Hash_SameTokenTwice_GivesTheSameHashAndDifferentTokensDiffer()
    {
        var token = ApiTokenSecret.Generate();
        var other = ApiTokenSecret.Generate();

        Assert.Equal(ApiTokenSecret.Hash(token), ApiTokenSecret.Hash(token));
        Assert.NotEqual(ApiTokenSecret.Hash(token), ApiTokenSecret.Hash(other));
        Assert.Matches("^[0-9a-f]{64}$", ApiTokenSecret.Hash(token));
    }

    [Fact]
    public void DisplayPrefix_ShowsTheSchemeAndSixCharactersOnly()
    {
        Assert.Equal("fulcrum_012345", ApiTokenSecret.DisplayPrefix(KnownToken));
    }

    [Fact]
    public void DisplayPrefix_DoesNotRevealTheRestOfTheSecret()
    {
        var token = ApiTokenSecret.Generate();
        var shown = ApiTokenSecret.DisplayPrefix(token);
        var hidden = token[shown.Length..];

        Assert.StartsWith(shown, token, StringComparison.Ordinal);
        Assert.Equal(34, hidden.Length);
        Assert.DoesNotContain(hidden, shown, StringComparison.Ordinal);
        Assert.False(ApiTokenSecret.LooksLikeToken(shown));
    }
}
