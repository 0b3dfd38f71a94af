// @-mention search: the workspace's files (findFiles, cached briefly) ranked by a fuzzy subsequence match.
import * as vscode from 'vscode';
import type { MentionCandidate } from '../../protocol/chatProtocol';
import { rankPaths } from './fuzzyMatch';

const MaxFiles = 20_000;
const CacheMs = 30_000;
const Excludes = '**/{node_modules,.git,dist,out,build,coverage,.next,.venv,__pycache__}/**';

export class FileMentions {
  private cache: { at: number; paths: Promise<string[]> } | undefined;

  async search(query: string): Promise<MentionCandidate[]> {
    const paths = await this.files();
    return rankPaths(query, paths).map((p) => {
      const slash = p.lastIndexOf('/');
      return { path: p, ...(slash > 0 ? { description: p.slice(0, slash) } : {}) };
    });
  }

  private files(): Promise<string[]> {
    if (!this.cache || Date.now() - this.cache.at > CacheMs) {
      const paths = Promise.resolve(vscode.workspace.findFiles('**/*', Excludes, MaxFiles)).then((uris) => uris.map((u) => vscode.workspace.asRelativePath(u, false).replace(/\\/g, '/')));
      this.cache = { at: Date.now(), paths };
      paths.catch(() => (this.cache = undefined));
    }
    return this.cache.paths;
  }
}
