using System.CommandLine;
using Hotline.Node;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline init --data DIR --name NAME [--listen URL]</c>: creates a node's data directory.</summary>
internal static class InitCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var name = new Option<string>("--name")
        {
            Description = "This node's name, as the operators of linked nodes will see it",
            HelpName = "NAME",
            Required = true,
        };
        name.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--name needs a node name");
            }
        });
        var listen = CommonOptions.Listen("The URL the node will listen on (default: the node's default)");
        var json = CommonOptions.Json();

        var command = new Command("init", "Create a new node: signing keys, database and operator token in a new data directory")
        {
            data, name, listen, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var dataDirectory = parseResult.GetRequiredValue(data);
            var request = new InitRequest(Path.GetFullPath(dataDirectory), parseResult.GetRequiredValue(name), parseResult.GetValue(listen));
            var created = await NodeHost.InitAsync(request, cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(
                    new InitJson(created.Name, created.DataDirectory, created.ListenUrl, created.SigningPublicKey),
                    CliJsonContext.Indented.InitJson);
                return ExitCodes.Success;
            }

            output.WriteLine($"created hotline node '{created.Name}'");
            output.WriteLine($"  data directory  {created.DataDirectory}");
            output.WriteLine($"  listen URL      {created.ListenUrl}");
            output.WriteLine($"  signing key     {created.SigningPublicKey}");
            output.WriteLine();
            output.WriteLine($"start it with: hotline run --data {HumanFormat.ShellWord(dataDirectory)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
