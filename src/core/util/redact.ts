// Secrets never reach a log: API keys, OAuth tokens and anything shaped like one are masked.

const SECRET_PATTERNS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic API keys and OAuth tokens (sk-ant-api…, sk-ant-oat…)
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b(?:ghp|gho|ghu|ghs|github_pat)_[A-Za-z0-9_]{16,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs
  /(?<=(?:api[_-]?key|token|secret|password|authorization)["'=:\s]+(?:Bearer\s+)?)[A-Za-z0-9._~+/-]{12,}/gi,
];

export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) if (secret && secret.length >= 6) out = out.split(secret).join('«redacted»');
  for (const re of SECRET_PATTERNS) out = out.replace(re, '«redacted»');
  return out;
}

const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL|AUTH)/i;

/** Environment for a log line: values of secret-looking variables are masked. */
export function redactEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = SECRET_ENV.test(k) ? '«redacted»' : redact(v);
  return out;
}

export function redactArgs(args: readonly string[]): string[] {
  return args.map((a) => redact(a));
}
