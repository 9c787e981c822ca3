using System.CommandLine;

namespace Hotline.Cli.Commands;

/// <summary>Options shared by several commands. Each call makes a new instance: an option belongs to one command.</summary>
internal static class CommonOptions
{
    public static Option<string> Data()
    {
        var option = new Option<string>("--data")
        {
            Description = "The node's data directory",
            HelpName = "DIR",
            Required = true,
        };
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--data needs a directory");
            }
        });
        return option;
    }

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON to standard output",
    };

    public static Option<string?> Listen(string description)
    {
        var option = new Option<string?>("--listen")
        {
            Description = description,
            HelpName = "URL",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                result.AddError($"--listen needs an absolute http:// or https:// URL, such as http://127.0.0.1:7000 (got '{value}')");
            }
        });
        return option;
    }

    public static Option<string> Link(bool required, string description)
    {
        var option = new Option<string>("--link")
        {
            Description = description,
            HelpName = "LINK",
            Required = required,
        };
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--link needs a link id or the peer node's name");
            }
        });
        return option;
    }
}
