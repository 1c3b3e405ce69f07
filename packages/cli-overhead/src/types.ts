/**
 * Types of the `rhenium` tool.
 */

/** Where a command writes (injected, so tests and the library never touch process streams). */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
}

/** One option a command accepts. */
export interface OptionSpec {
  /** Long name without dashes: `output`. */
  readonly name: string;
  /** One-letter alias without the dash: `o`. */
  readonly short?: string;
  /** Name of the value (`FILE`); absent for a flag. */
  readonly value?: string;
  readonly description: string;
}

/** A command: its name, arguments, options and help text. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments, in order (all required). */
  readonly positionals: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Extra help text after the options (conventions, examples). */
  readonly notes?: string;
}

/** Parsed arguments of one command: positionals, and option values by long name (flags are true). */
export interface ParsedCommand {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | true>>;
}

/** A command's implementation: returns the exit code (never calls process.exit). */
export type CommandRunner = (args: ParsedCommand, io: CliIo) => Promise<number>;
