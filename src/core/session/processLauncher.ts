import { randomUUID } from 'node:crypto';
import { classifySpawn } from '../errors/classify';
import { buildChildEnv, Credential } from '../process/childEnv';
import { CliProcess, Spawner } from '../process/cliProcess';
import { buildLaunchArgs } from '../process/launchArgs';
import { LaunchTarget, SessionConfig } from '../process/sessionConfig';
import { ProcessTree } from '../process/processTree';
import { Logger } from '../util/logger';
import { redactArgs } from '../util/redact';
import { CliEnvironment } from './cliEnvironment';

export interface LaunchContext {
  cli(): Promise<CliEnvironment>;
  credential(): Promise<Credential | undefined>;
  /** `aicode.cli.env`. */
  extraEnv(): Readonly<Record<string, string>>;
  baseEnv: NodeJS.ProcessEnv;
  maxLineBytes(): number;
  stallMs(): number;
  logger: Logger;
  spawner?: Spawner;
  tree?: ProcessTree;
}

export interface Launched {
  process: CliProcess;
  conversationId: string;
}

/**
 * Starts one CLI process for a folder and config, and waits until the OS has started it (spawn errors such as ENOENT,
 * EACCES or EMFILE reject here, classified). A new conversation gets an id chosen here (`--session-id`), so the
 * session knows its transcript before the first turn.
 */
export async function launchProcess(ctx: LaunchContext, cwd: string, config: SessionConfig, target: LaunchTarget): Promise<Launched> {
  const cli = await ctx.cli();
  const conversationId = target.resume && !target.fork ? target.resume : (target.sessionId ?? randomUUID());
  const fullTarget: LaunchTarget = target.resume && !target.fork ? target : { ...target, sessionId: conversationId };
  const args = buildLaunchArgs(config, fullTarget, cli.features);
  const marker = randomUUID();
  const env = buildChildEnv({ base: ctx.baseEnv, extra: ctx.extraEnv(), credential: await ctx.credential(), marker });
  ctx.logger.info(`Starting Claude in ${cwd}: ${cli.binary} ${redactArgs(args).join(' ')}`);
  const started = Date.now();
  const proc = new CliProcess({ binary: cli.binary, args, cwd, env, marker, maxLineBytes: ctx.maxLineBytes(), stallMs: ctx.stallMs(), logger: ctx.logger, spawner: ctx.spawner, tree: ctx.tree });
  await proc.whenSpawned().catch((err: NodeJS.ErrnoException) => {
    throw classifySpawn(err.code, err.message, cli.binary);
  });
  ctx.logger.debug(`Claude pid ${proc.pid} spawned in ${Date.now() - started} ms`);
  return { process: proc, conversationId };
}
