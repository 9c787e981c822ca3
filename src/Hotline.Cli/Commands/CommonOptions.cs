using System.CommandLine;
using Hotline.Protocol;

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

    /// <summary>--as NAME on every command that changes something: who takes the action (the node records it).</summary>
    public static Option<string> Operator()
    {
        var option = new Option<string>("--as")
        {
            Description = $"Who takes this action, recorded with it (default: your login name, else '{OperatorName.Fallback}')",
            HelpName = "NAME",
            DefaultValueFactory = _ => OperatorName.Default(),
        };
        option.Validators.Add(result =>
        {
            if (OperatorName.Problem(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>A free-text option that, when given, must not be blank.</summary>
    public static Option<string> Text(string name, string helpName, string description, bool required = false)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = helpName,
            Required = required,
        };
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError($"{name} needs a value ({helpName})");
            }
        });
        return option;
    }

    /// <summary>--precedence: FLASH, IMMEDIATE, PRIORITY or ROUTINE in any case, passed on in upper case.</summary>
    public static Option<string> Precedence(string description, string? defaultValue)
    {
        var option = Choice("--precedence", "PRECEDENCE", description, "precedence", "FLASH, IMMEDIATE, PRIORITY or ROUTINE",
            text => PrecedenceNames.TryParse(text, out var precedence) ? precedence.ToName() : null);
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>
    /// An option taking one name of a closed list, in any case: <paramref name="canonical"/> returns the name as the
    /// node spells it, or null for an unknown one, which is a usage error listing <paramref name="choices"/>.
    /// </summary>
    public static Option<string> Choice(string name, string helpName, string description, string noun, string choices, Func<string, string?> canonical) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            // A parser rather than a validator: validators also run when the value did not convert.
            CustomParser = result =>
            {
                var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (canonical(value) is { } known)
                {
                    return known;
                }

                result.AddError($"unknown {noun} '{value}': use {choices}");
                return null;
            },
        };

    /// <summary>A time option: an ISO 8601 instant with its zone, or "+2h" from now (see <see cref="TimeArgument"/>).</summary>
    public static Option<TimeArgument?> Time(string name, string description) =>
        Parsed<TimeArgument>(name, "TIME", description, TimeArgument.TryParse, "a time with its zone, " + TimeArgument.Examples);

    /// <summary>
    /// An option whose text <paramref name="tryParse"/> turns into a value; any other text is a usage error:
    /// "NAME needs EXPECTED (got 'TEXT')".
    /// </summary>
    public static Option<T?> Parsed<T>(string name, string helpName, string description, TryParse<T> tryParse, string expected)
        where T : struct => new(name)
        {
            Description = description,
            HelpName = helpName,
            // A parser rather than a validator: validators also run when the value did not convert.
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (tryParse(text, out var value))
                {
                    return value;
                }

                result.AddError($"{name} needs {expected} (got '{text}')");
                return null;
            },
        };
}

/// <summary>The shape of the TryParse methods <see cref="CommonOptions.Parsed"/> takes.</summary>
internal delegate bool TryParse<T>(string text, out T value);
