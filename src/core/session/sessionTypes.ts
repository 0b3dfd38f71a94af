// The session-level contract between the core and the UI adapters (chat, tree, status bar, public API).
import { PermissionMode } from '../../ids';
import { PermissionDecision, PermissionRequest } from '../control/permissions';
import { UserImage } from '../control/stdinWriter';
import { CliMessage } from '../stream/cliMessages';
import { Event } from '../util/emitter';

/**
 * queued: waiting for a free slot (maxConcurrent); starting: process spawning; idle: ready for a prompt;
 * busy: a turn is running; interrupted: restored after a reload or crash with a turn cut short (resume to go on);
 * stopped: no process (can be resumed); failed: unrecoverable error (see lastError).
 */
export type SessionState = 'queued' | 'starting' | 'idle' | 'busy' | 'interrupted' | 'stopping' | 'stopped' | 'failed';

export interface FolderRef {
  name: string;
  fsPath: string;
}

export interface QueuedPrompt {
  id: string;
  text: string;
  images: UserImage[];
  queuedAt: number;
}

/** A failure the UI can act on (resilience issue): what happened and what to do next. */
export interface SessionErrorInfo {
  kind: string;
  message: string;
  action?: { label: string; command: string; args?: readonly unknown[] };
  at: number;
}

export interface SessionInfo {
  /** Our stable id for this session (stays the same when the CLI's conversation id changes, e.g. after a fork). */
  id: string;
  /** Claude's own conversation id (the transcript file name); known after the first turn or on resume. */
  cliSessionId?: string;
  folder: FolderRef;
  title: string;
  model?: string;
  permissionMode: PermissionMode;
  state: SessionState;
  stateReason?: string;
  createdAt: number;
  lastActiveAt: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  turns: number;
  pendingPermissions: number;
  queue: QueuedPrompt[];
  lastError?: SessionErrorInfo;
  pid?: number;
  /** The auth source the CLI reported in system/init (e.g. ANTHROPIC_API_KEY, claude.ai). */
  apiKeySource?: string;
  demo?: boolean;
}

export interface TurnResult {
  text: string;
  isError: boolean;
  subtype: string;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  sessionId: string;
  /** Tools denied during the turn (result.permission_denials), by name. */
  permissionDenials?: string[];
}

export interface SessionHandle {
  readonly id: string;
  readonly info: SessionInfo;
  /** Every message the CLI printed for this session, in order. */
  readonly onMessage: Event<CliMessage>;
  readonly onInfoChange: Event<SessionInfo>;
  readonly onPermissionRequest: Event<PermissionRequest>;
  readonly onPermissionSettled: Event<{ request: PermissionRequest; outcome: 'allowed' | 'denied' | 'cancelled' }>;
  /** Messages so far, to rebuild a view that was closed or reloaded. */
  messages(): readonly CliMessage[];
  pendingPermissions(): readonly PermissionRequest[];
  /** Sends a prompt; while a turn runs it is queued and delivered when the turn ends. Resolves with that turn's result. */
  send(text: string, images?: readonly UserImage[]): Promise<TurnResult>;
  /**
   * Sends the last prompt again ("Retry"); if its turn failed without running a tool, from the point before that
   * attempt, so Claude sees it once. Undefined when nothing was sent yet.
   */
  resendLast(): Promise<TurnResult> | undefined;
  interrupt(): Promise<void>;
  stop(): Promise<void>;
  answerPermission(requestId: string, decision: PermissionDecision): void;
  setModel(model: string): Promise<void>;
  setPermissionMode(mode: PermissionMode): Promise<void>;
  editQueued(promptId: string, text: string): boolean;
  removeQueued(promptId: string): boolean;
}
