using System.CommandLine;

namespace Fulcrum.Cli;

/// <summary>The command tree: one group per file (<c>XCommands.Build()</c>); this only lists them.</summary>
public static class FulcrumCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Fulcrum: instruments for engineering leaders to work on the system, not in it.\n" +
            "Start with `fulcrum serve --demo`, then open the printed address.");
        root.Options.Add(CliDatabase.Option);
        root.Options.Add(CliDatabase.Demo);
        root.Options.Add(CliServices.Verbose);
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(DbCommands.Build());
        root.Subcommands.Add(UserCommands.Build());
        root.Subcommands.Add(TokenCommands.Build());
        root.Subcommands.Add(OrgCommands.Build());
        root.Subcommands.Add(DeliveryCommands.Build());
        root.Subcommands.Add(PokerCommands.Build());
        root.Subcommands.Add(EstimateCommands.Build());
        root.Subcommands.Add(BragCommands.Build());
        root.Subcommands.Add(LadderCommands.Build());
        root.Subcommands.Add(CalendarCommands.Build());
        root.Subcommands.Add(LeverageCommands.Build());
        root.Subcommands.Add(SkillsCommands.Build());
        root.Subcommands.Add(DecisionCommands.Build());
        root.Subcommands.Add(FeedbackCommands.Build());
        root.Subcommands.Add(FrictionCommands.Build());
        root.Subcommands.Add(ExperimentCommands.Build());
        root.Subcommands.Add(ReviewCommands.Build());
        root.Subcommands.Add(JobCommands.Build());
        return root;
    }
}
