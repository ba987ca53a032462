package org.mssp.cli;

import java.io.PrintWriter;
import org.mssp.common.error.PipelineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code aco} launcher: one command with a subcommand per pipeline stage. {@code main} only
 * parses arguments; each subcommand validates its options into a typed config and calls its
 * job's {@code run(config, spark)}.
 */
@Command(
    name = "aco",
    mixinStandardHelpOptions = true,
    version = "mssp-aco 0.1.0",
    description = "Medicare Shared Savings Program pipeline on Apache Spark.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      RunCommand.class,
      GenerateCommand.class,
      IngestCommand.class,
      AssignCommand.class,
      ExpendituresCommand.class,
      RiskCommand.class,
      BenchmarkCommand.class,
      SettleCommand.class,
      SettleSummaryCommand.class,
      BaselineCommand.class,
      IngestFloorCommand.class,
      AllocateCommand.class,
      SqlCommand.class,
      CompareCommand.class,
    })
public final class AcoCommand implements Runnable {
  /** Exit code for a bad argument or configuration. */
  public static final int EXIT_ARGUMENT = 2;
  /** Exit code for bad input data, missing rules or a failed quality check. */
  public static final int EXIT_FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  /** The configured picocli command line, with one-line error reporting. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new AcoCommand());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PipelineException pe = findPipelineException(ex);
          PrintWriter err = commandLine.getErr();
          if (pe != null) {
            err.println("aco " + commandLine.getCommandName() + ": " + pe.getMessage());
            err.flush();
            return pe.kind() == PipelineException.Kind.ARGUMENT ? EXIT_ARGUMENT : EXIT_FAILED;
          }
          throw ex;
        });
    return cli;
  }

  private static PipelineException findPipelineException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PipelineException pe) {
        return pe;
      }
    }
    return null;
  }
}
