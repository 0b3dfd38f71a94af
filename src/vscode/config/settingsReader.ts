import * as vscode from 'vscode';
import { LogLevel, LogLevels, PermissionMode, Settings } from '../../ids';
import { isPermissionMode, SessionConfig } from '../../core/process/sessionConfig';
import { isEnvName } from '../../core/process/childEnv';
import { ManagerSettings } from '../../core/session/sessionManager';
import { Logger } from '../../core/util/logger';

// Settings are user input: every value is checked, a bad one is reported once (with the setting's name) and the
// default is used instead, so a typo never stops a session from starting.

type Problem = (setting: string, message: string) => void;

export class SettingsReader {
  private reported = new Set<string>();
  constructor(private readonly logger: Logger) {}

  private readonly problem: Problem = (setting, message) => {
    const key = `${setting}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.warn(`Setting ${setting}: ${message}`);
    void vscode.window.showWarningMessage(`AICode: ${message}`, 'Open Settings').then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  };

  private get(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(undefined, scope);
  }

  cliPath(): string {
    return str(this.get().get(Settings.cliPath), Settings.cliPath, '', this.problem);
  }

  cliEnv(): Record<string, string> {
    const raw = this.get().get<unknown>(Settings.cliEnv);
    if (raw === undefined || raw === null) return {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      this.problem(Settings.cliEnv, 'aicode.cli.env must be an object of NAME: "value" pairs; ignoring it.');
      return {};
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (!isEnvName(k) || typeof v !== 'string') {
        this.problem(Settings.cliEnv, `aicode.cli.env: ignoring "${k}" (names are letters, digits and _; values are strings).`);
        continue;
      }
      env[k] = v;
    }
    return env;
  }

  logLevel(): LogLevel {
    const v = this.get().get<string>(Settings.logLevel);
    return (LogLevels as readonly string[]).includes(v ?? '') ? (v as LogLevel) : 'info';
  }

  demoMode(): boolean {
    return this.get().get<boolean>(Settings.demoMode) === true;
  }

  notificationsEnabled(): boolean {
    return this.get().get<boolean>(Settings.notificationsEnabled) !== false;
  }

  sessionConfig(folder?: vscode.Uri): SessionConfig {
    const c = this.get(folder);
    const mode = c.get<string>(Settings.sessionPermissionMode) ?? 'default';
    let permissionMode: PermissionMode = 'default';
    if (isPermissionMode(mode)) permissionMode = mode;
    else this.problem(Settings.sessionPermissionMode, `Unknown permission mode "${mode}"; using "default".`);
    return {
      model: str(c.get(Settings.sessionModel), Settings.sessionModel, '', this.problem) || undefined,
      systemPrompt: str(c.get(Settings.sessionSystemPrompt), Settings.sessionSystemPrompt, '', this.problem) || undefined,
      appendSystemPrompt: str(c.get(Settings.sessionAppendSystemPrompt), Settings.sessionAppendSystemPrompt, '', this.problem) || undefined,
      maxTurns: int(c.get(Settings.sessionMaxTurns), Settings.sessionMaxTurns, 0, 0, 10_000, this.problem) || undefined,
      permissionMode,
      allowedTools: strings(c.get(Settings.sessionAllowedTools), Settings.sessionAllowedTools, this.problem),
      disallowedTools: strings(c.get(Settings.sessionDisallowedTools), Settings.sessionDisallowedTools, this.problem),
      additionalDirectories: strings(c.get(Settings.sessionAdditionalDirectories), Settings.sessionAdditionalDirectories, this.problem),
      mcpConfig: str(c.get(Settings.sessionMcpConfig), Settings.sessionMcpConfig, '', this.problem) || undefined,
      extraArgs: strings(c.get(Settings.cliExtraArgs), Settings.cliExtraArgs, this.problem),
    };
  }

  managerSettings(): ManagerSettings {
    const c = this.get();
    const p = this.problem;
    return {
      maxConcurrent: int(c.get(Settings.sessionsMaxConcurrent), Settings.sessionsMaxConcurrent, 8, 1, 64, p),
      pool: {
        size: int(c.get(Settings.poolSize), Settings.poolSize, 1, 0, 8, p),
        idleTimeoutMs: num(c.get(Settings.poolIdleTimeoutMinutes), Settings.poolIdleTimeoutMinutes, 10, 0, 24 * 60, p) * 60_000,
        maxAgeMs: 60 * 60_000,
        refillDelayMs: 1500,
        prime: c.get<boolean>(Settings.poolPrime) !== false,
      },
      resilience: {
        maxRetries: int(c.get(Settings.resilienceMaxRetries), Settings.resilienceMaxRetries, 3, 0, 10, p),
        breakerThreshold: int(c.get(Settings.resilienceBreakerThreshold), Settings.resilienceBreakerThreshold, 5, 1, 1000, p),
        breakerCooldownMs: int(c.get(Settings.resilienceBreakerCooldownSeconds), Settings.resilienceBreakerCooldownSeconds, 30, 1, 86_400, p) * 1000,
      },
    };
  }

  maxLineBytes(): number {
    return int(this.get().get(Settings.streamMaxLineBytes), Settings.streamMaxLineBytes, 33_554_432, 1_048_576, 1_073_741_824, this.problem);
  }

  stallMs(): number {
    return int(this.get().get(Settings.healthStallSeconds), Settings.healthStallSeconds, 300, 10, 86_400, this.problem) * 1000;
  }
}

function str(v: unknown, setting: string, fallback: string, problem: Problem): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string') return v;
  problem(setting, `${setting} must be text; using the default.`);
  return fallback;
}

function num(v: unknown, setting: string, fallback: number, min: number, max: number, problem: Problem): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    problem(setting, `${setting} must be a number from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  }
  return v;
}

function int(v: unknown, setting: string, fallback: number, min: number, max: number, problem: Problem): number {
  const n = num(v, setting, fallback, min, max, problem);
  return Number.isInteger(n) ? n : Math.round(n);
}

function strings(v: unknown, setting: string, problem: Problem): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    problem(setting, `${setting} must be a list of strings; ignoring it.`);
    return [];
  }
  return v as string[];
}
