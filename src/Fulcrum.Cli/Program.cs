using Fulcrum.Cli;

return await FulcrumCli.RunAsync(args);
