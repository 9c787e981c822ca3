using Hotline.Node.Api;

namespace Hotline.Federation.Tests.Harness;

/// <summary>The two parties of the seed scenario, as directory documents for nodes "alpha" (DoD) and "bravo" (PRC).</summary>
public static class SeedDirectories
{
    public static DirectoryDocumentDto Dod(string principal = "Lloyd Austin") => new("U.S. Department of Defense",
    [
        new("secdef", "Secretary of Defense", 1, "civilian", ["en"], principal),
        new("depsecdef", "Deputy Secretary of Defense", 2, "civilian", ["en"], "Kathleen Hicks"),
        new("cjcs", "Chairman of the Joint Chiefs of Staff", 2, "military", ["en"], "Mark Milley"),
        new("watch", "Watch officer desk", 5, "military", ["en"], null, ["watch-officer"]),
    ],
    [new("bravo", "secdef", "cmc-vc")]);

    public static DirectoryDocumentDto Prc() => new("People's Republic of China",
    [
        new("cmc-vc", "Vice Chairman of the Central Military Commission", 1, "party", ["zh-Hans"], "Xu Qiliang"),
        new("mnd", "Minister of National Defense", 1, "military", ["zh-Hans", "en"], "Wei Fenghe"),
        new("watch", "Watch officer desk", 5, "military", ["zh-Hans"], null, ["watch-officer"]),
    ],
    [new("alpha", "mnd", "secdef")]);
}
