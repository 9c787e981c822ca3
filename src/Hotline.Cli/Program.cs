using Hotline.Cli;

return await HotlineCli.InvokeAsync(args, CliEnvironment.FromConsole());
