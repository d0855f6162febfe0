/** The `clusterlens` command line: one file per command, registered here. */
import { Command, CommanderError } from 'commander';
import { ClusterlensError, UnknownValuesError, ValidationError } from '../errors.ts';
import { registerAnalyze } from './analyze.ts';
import { registerDb } from './db.ts';
import { registerDid } from './did.ts';
import { registerEvaluate } from './evaluate.ts';
import { registerExport } from './export.ts';
import { registerGaps } from './gaps.ts';
import { registerImport } from './import.ts';
import { registerReport } from './report.ts';
import { registerSeed } from './seed.ts';
import { registerSuggest } from './suggest.ts';
import { registerServe, registerStart } from './serve.ts';

export function buildProgram(): Command {
  const program = new Command('clusterlens')
    .description('Network analysis of regional industrial clusters on Neo4j')
    .showHelpAfterError()
    .exitOverride();
  registerDb(program);
  registerImport(program);
  registerExport(program);
  registerSeed(program);
  registerAnalyze(program);
  registerGaps(program);
  registerSuggest(program);
  registerEvaluate(program);
  registerDid(program);
  registerReport(program);
  registerServe(program);
  registerStart(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; resolves with the process exit code (0 success, 2 invalid data, 1 other failures). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
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
