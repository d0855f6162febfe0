/**
 * The `clusterlens` command line: one file per command, registered here. A command's module (and what it
 * imports: the driver, the analysis, the server) is loaded only when that command runs, so that
 * `--help` and a quick command start at once; the others stand in the program as named stubs, for the
 * help listing and commander's "did you mean".
 */
import { Command, CommanderError } from 'commander';
import { ClusterlensError, UnknownValuesError, ValidationError } from '../errors.ts';

type Register = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** The line in `clusterlens --help`; `clusterlens <name> --help` gives the command's own description. */
  summary: string;
  load: () => Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'db',
    summary: 'Manage the local Neo4j (used when NEO4J_URI is not set)',
    load: async () => (await import('./db.ts')).registerDb,
  },
  {
    name: 'import',
    summary: 'Validate and import a JSON bundle, a CSV folder, GEXF or GraphML (all-or-nothing)',
    load: async () => (await import('./import.ts')).registerImport,
  },
  {
    name: 'export',
    summary: 'Write the stored network: a JSON bundle, a CSV folder, GEXF or GraphML',
    load: async () => (await import('./export.ts')).registerExport,
  },
  {
    name: 'seed',
    summary: 'Import the Lipetsk demo network (Долина машиностроения and its metacorporation)',
    load: async () => (await import('./seed.ts')).registerSeed,
  },
  {
    name: 'analyze',
    summary: 'Compute a measure on the stored network (centralities, communities, multiplex measures)',
    load: async () => (await import('./analyze.ts')).registerAnalyze,
  },
  {
    name: 'gaps',
    summary: 'Collaboration gaps: brokers, brokerage roles, groups that never meet, missing kinds of partner',
    load: async () => (await import('./gaps.ts')).registerGaps,
  },
  {
    name: 'suggest',
    summary: 'Partner suggestions for a participant, with score parts and explanations',
    load: async () => (await import('./suggest.ts')).registerSuggest,
  },
  {
    name: 'evaluate',
    summary: "Measure the suggestions' quality on hidden ties (AUC, precision@k)",
    load: async () => (await import('./evaluate.ts')).registerEvaluate,
  },
  {
    name: 'did',
    summary: 'Difference-in-differences on a panel file or per node group of the stored network',
    load: async () => (await import('./did.ts')).registerDid,
  },
  {
    name: 'report',
    summary: 'The planner’s report (effects of joining, cluster profiles, gaps) as PDF or HTML',
    load: async () => (await import('./report.ts')).registerReport,
  },
  {
    name: 'serve',
    summary: 'Serve the API and the web view',
    load: async () => (await import('./serve.ts')).registerServe,
  },
  {
    name: 'start',
    summary: 'Start Neo4j if needed, import the demo into an empty database, and serve',
    load: async () => (await import('./serve.ts')).registerStart,
  },
];

/** The command that argv runs (or asks help for: `help <command>`), if it names one. */
export function commandNamed(argv: string[]): string | undefined {
  const args = argv.slice(2);
  const first = args.find((a) => !a.startsWith('-'));
  const name = first === 'help' ? args[args.indexOf('help') + 1] : first;
  return COMMANDS.some((c) => c.name === name) ? name : undefined;
}

/** The program with the command argv names loaded for real and every other one as a stub. */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('clusterlens')
    .description('Network analysis of regional industrial clusters on Neo4j')
    .showHelpAfterError()
    .exitOverride();
  const named = commandNamed(argv);
  for (const entry of COMMANDS) {
    if (entry.name === named) (await entry.load())(program);
    else program.command(entry.name).description(entry.summary);
  }
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; resolves with the process exit code (0 success, 2 invalid data, 1 other failures). */
export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // Invalid input: data that fails validation, or a filter that names nothing stored.
    if (error instanceof ValidationError || error instanceof UnknownValuesError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ClusterlensError) {
      process.stderr.write(`error: ${error.message}\n`);
      // An interrupted command exits 128 + the signal's number (InterruptedError in import.ts).
      return (error as { exitCode?: number }).exitCode ?? 1;
    }
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
