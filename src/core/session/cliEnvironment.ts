import { locateClaude } from '../process/binaryLocator';
import { featuresFor, probeVersion, VersionFeatures } from '../process/versionAdapter';
import { CliError } from '../errors/cliError';

/** Where the CLI is and what it can do; resolved once and again whenever `aicode.cli.path` changes. */
export interface CliEnvironment {
  binary: string;
  source: string;
  features: VersionFeatures;
}

export async function resolveCliEnvironment(configuredPath: string | undefined, env: NodeJS.ProcessEnv): Promise<CliEnvironment> {
  const located = await locateClaude({ configuredPath, env });
  if (!located.ok) {
    if (located.kind === 'notFound') throw new CliError('cliNotFound', 'The Claude Code CLI (`claude`) was not found.', { searched: located.searched });
    throw new CliError('cliNotExecutable', `${located.path} cannot be run: ${located.reason}.`);
  }
  let version;
  try {
    version = await probeVersion(located.path, env);
  } catch (err) {
    throw new CliError('cliNotExecutable', `${located.path} did not report its version: ${(err as Error).message}`);
  }
  try {
    return { binary: located.path, source: located.source, features: featuresFor(version) };
  } catch (err) {
    throw new CliError('cliTooOld', (err as Error).message, { version: version.raw });
  }
}
