// No `vscode` import, so pure view models (the status bar's computeStatus) can name it.

/** VS Code's own "Manage Workspace Trust" editor. */
export const ManageTrustCommand = 'workbench.trust.manage';
