import { locateClaude } from '../process/binaryLocator';
import { featuresFor, probeVersion, VersionFeatures } from '../process/versionAdapter';
import { existsSync } from 'node:fs';
import { CliError } from '../errors/cliError';
import { NextSteps } from '../errors/classify';

/** Where the CLI is and what it can do; resolved once and again whenever `aicode.cli.path` changes. */
export interface CliEnvironment {
  binary: string;
  source: string;
  features: VersionFeatures;
}

export async function resolveCliEnvironment(configuredPath: string | undefined, env: NodeJS.ProcessEnv): Promise<CliEnvironment> {
  const located = await locateClaude({ configuredPath, env });
  if (!located.ok) {
    if (located.kind === 'notFound') throw new CliError('cliNotFound', 'The Claude Code CLI (`claude`) was not found.', { searched: located.searched }, NextSteps.installCli);
    // aicode.cli.path names a file that is not there: "not found", not "not executable".
    if (!existsSync(located.path)) throw new CliError('cliNotFound', `The Claude Code CLI was not found at ${located.path} (aicode.cli.path).`, { path: located.path }, NextSteps.settings);
    throw new CliError('cliNotExecutable', `${located.path} cannot be run: ${located.reason}.`, { path: located.path }, NextSteps.settings);
  }
  let version;
  try {
    version = await probeVersion(located.path, env);
  } catch (err) {
    throw new CliError('cliNotExecutable', `${located.path} did not report its version: ${(err as Error).message}`, { path: located.path }, NextSteps.settings);
  }
  try {
    return { binary: located.path, source: located.source, features: featuresFor(version) };
  } catch (err) {
    throw new CliError('cliTooOld', (err as Error).message, { version: version.raw }, NextSteps.installCli);
  }
}
