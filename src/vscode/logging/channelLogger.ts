import * as vscode from 'vscode';
import { LogLevel, LogLevels } from '../../ids';
import { Logger } from '../../core/util/logger';
import { redact } from '../../core/util/redact';

/**
 * The "AICode Manager" LogOutputChannel behind the core's Logger. Honours `aicode.log.level` on top of the channel's
 * own level, and redacts every line: API keys and tokens never reach the log, including the stored credential itself.
 */
export class ChannelLogger implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private min = 2;
  private secrets: string[] = [];

  constructor(name = 'AICode Manager') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  setLevel(level: LogLevel): void {
    this.min = LogLevels.indexOf(level);
  }

  /** Values that must never be printed even if they do not look like a key. */
  setSecrets(values: string[]): void {
    this.secrets = values.filter((v) => v.length >= 6);
  }

  trace(message: string, ...args: unknown[]): void {
    if (this.min <= 0) this.channel.trace(this.clean(message, args));
  }
  debug(message: string, ...args: unknown[]): void {
    if (this.min <= 1) this.channel.debug(this.clean(message, args));
  }
  info(message: string, ...args: unknown[]): void {
    if (this.min <= 2) this.channel.info(this.clean(message, args));
  }
  warn(message: string, ...args: unknown[]): void {
    if (this.min <= 3) this.channel.warn(this.clean(message, args));
  }
  error(message: string | Error, ...args: unknown[]): void {
    this.channel.error(this.clean(message instanceof Error ? (message.stack ?? message.message) : message, args));
  }

  private clean(message: string, args: unknown[]): string {
    const extra = args.length ? ' ' + args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ') : '';
    return redact(message + extra, this.secrets);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
