import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, ContextKeys, ContributedInternalCommands, LogLevels, PermissionModes, Settings, Views } from '../../src/ids';

interface Manifest {
  contributes: {
    commands: { command: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    configuration: { properties: Record<string, { type?: string; default?: unknown; enum?: string[]; markdownDescription?: string; description?: string }> };
    menus: Record<string, { command: string; when?: string }[]>;
    keybindings: { command: string; when?: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const c = manifest.contributes;

describe('package.json and src/ids.ts agree', () => {
  it('declares exactly the commands in code, all in category AICode', () => {
    assert.deepEqual(c.commands.map((x) => x.command).sort(), [...Object.values(Commands), ...ContributedInternalCommands].sort());
    for (const cmd of c.commands) assert.equal(cmd.category, 'AICode', cmd.command);
  });

  it('declares exactly the views and the container in code', () => {
    assert.deepEqual(c.viewsContainers.activitybar.map((x) => x.id), [Views.container]);
    assert.deepEqual(c.views[Views.container].map((x) => x.id).sort(), [Views.chat, Views.sessions].sort());
  });

  it('declares exactly the settings in code, each with a type, default and description', () => {
    assert.deepEqual(Object.keys(c.configuration.properties).sort(), Object.values(Settings).sort());
    for (const [key, prop] of Object.entries(c.configuration.properties)) {
      assert.ok(prop.type, `${key} has a type`);
      assert.ok('default' in prop, `${key} has a default`);
      assert.ok(prop.markdownDescription ?? prop.description, `${key} has a description`);
    }
  });

  it('keeps enums in step with the code', () => {
    assert.deepEqual(c.configuration.properties[Settings.sessionPermissionMode].enum, [...PermissionModes]);
    assert.deepEqual(c.configuration.properties[Settings.logLevel].enum, [...LogLevels]);
  });

  it('menus and keybindings name only declared commands and known context keys', () => {
    const known = new Set<string>([...Object.values(Commands), ...ContributedInternalCommands]);
    const entries = [...Object.values(c.menus).flat(), ...c.keybindings];
    for (const entry of entries) assert.ok(known.has(entry.command), `unknown command ${entry.command}`);
    const ours = new Set<string>(Object.values(ContextKeys));
    for (const entry of entries) {
      for (const key of entry.when?.match(/\baicode\.[A-Za-z]+\b/g) ?? []) {
        assert.ok(ours.has(key) || key === Views.chat || key === Views.sessions, `unknown context key ${key} in "${entry.when}"`);
      }
    }
  });

  it('has keybindings for openChat and interrupt', () => {
    const bound = new Set(c.keybindings.map((k) => k.command));
    assert.ok(bound.has(Commands.openChat));
    assert.ok(bound.has(Commands.interrupt));
  });
});

describe('README stays true', () => {
  it('documents every setting', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const key of Object.values(Settings)) assert.ok(readme.includes(`\`${key}\``), `README.md does not mention ${key}`);
  });
});
