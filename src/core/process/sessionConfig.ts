import { PermissionMode, PermissionModes } from '../../ids';

/** Per-session configuration: the `aicode.session.*` settings, overridable per session. */
export interface SessionConfig {
  model?: string;
  systemPrompt?: string;
  appendSystemPrompt?: string;
  /** 0 or undefined: no limit. */
  maxTurns?: number;
  permissionMode?: PermissionMode;
  allowedTools?: readonly string[];
  disallowedTools?: readonly string[];
  additionalDirectories?: readonly string[];
  /** A path to a JSON file, or the JSON itself. */
  mcpConfig?: string;
  extraArgs?: readonly string[];
}

/** How this process joins a conversation. */
export interface LaunchTarget {
  /** Continue this conversation (`--resume`). */
  resume?: string;
  /** With resume: branch into a new conversation (`--fork-session`). */
  fork?: boolean;
  /** Choose the new conversation's id (`--session-id`, a UUID). */
  sessionId?: string;
  /**
   * With resume: keep the conversation only up to this entry (`--resume-session-at`, any transcript entry's uuid), so a
   * failed prompt goes out again without its first attempt in the model's view.
   */
  resumeAt?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

export function isPermissionMode(value: unknown): value is PermissionMode {
  return typeof value === 'string' && (PermissionModes as readonly string[]).includes(value);
}

/** A stable key: two configs with the same key can share warm processes. */
export function configKey(config: SessionConfig): string {
  const norm = (a?: readonly string[]) => (a && a.length ? [...a] : undefined);
  return JSON.stringify([
    config.model || undefined,
    config.systemPrompt || undefined,
    config.appendSystemPrompt || undefined,
    config.maxTurns || undefined,
    config.permissionMode ?? 'default',
    norm(config.allowedTools),
    norm(config.disallowedTools),
    norm(config.additionalDirectories),
    config.mcpConfig?.trim() || undefined,
    norm(config.extraArgs),
  ]);
}
