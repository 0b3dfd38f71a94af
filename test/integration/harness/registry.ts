/** What identifies this test run's sandboxes, shared by the sandbox factory and the leak checker. */

/** The marker variable set in every sandbox environment. */
export const SANDBOX_MARKER = 'AICODE_TEST_SANDBOX';

/** Unique to this test process, so parallel test runs on the same machine never touch each other's processes. */
export const RUN_ID = `${process.pid.toString(36)}${Math.random().toString(36).slice(2, 7)}`;

const roots: string[] = [];

/**
 * Roots of every sandbox of this run, removed or not: the leak checker also matches processes whose
 * cwd is inside one (a removed cwd reads as `<path> (deleted)`, which still starts with the root).
 */
export function sandboxRoots(): readonly string[] {
  return roots;
}

export function registerSandboxRoot(root: string): void {
  roots.push(root);
}
