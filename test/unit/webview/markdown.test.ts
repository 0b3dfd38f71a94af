import { strict as assert } from 'node:assert';
import { highlightCode, isAllowedLink, languageOf, renderMarkdown } from '../../../src/webview/markdown';

// DOM-level sanitising (DOMPurify) runs in the browser; no DOM is installed for Node tests. These check the layer
// under it: markdown-it with html:false never emits raw HTML and never links to a dangerous scheme.
describe('markdown rendering (untrusted model output)', () => {
  const xss = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.test"></iframe>',
    '<svg onload=alert(1)>',
    '<div style="background:url(https://evil.test)">x</div>',
  ];
  for (const payload of xss) {
    it(`escapes raw HTML: ${payload}`, () => {
      const html = renderMarkdown(`before ${payload} after`);
      assert.ok(!/<(img|script|iframe|svg|div)\b/i.test(html), html);
      // linkify may turn a bare https URL into a link; nothing else becomes one.
      for (const m of html.matchAll(/<a href="([^"]*)"/g)) assert.match(m[1], /^https:\/\//, html);
      assert.ok(html.includes('&lt;'), html);
    });
  }

  it('does not link javascript:, data:, vbscript:, file: or protocol-relative targets', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'javascript&#58;alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:x', 'file:///etc/passwd', '//evil.test/x', 'command:workbench.action.quit', 'vscode://x']) {
      const html = renderMarkdown(`[click](${href})`);
      assert.ok(!/<a /.test(html), `${href} → ${html}`);
    }
  });

  it('links http(s) and workspace paths, and turns images into links', () => {
    assert.match(renderMarkdown('[x](https://example.com/a)'), /<a href="https:\/\/example.com\/a">x<\/a>/);
    assert.match(renderMarkdown('[file](src/a.ts#L3)'), /<a href="src\/a.ts#L3">file<\/a>/);
    const img = renderMarkdown('![logo](https://evil.test/track.png)');
    assert.ok(!/<img/.test(img), img);
    assert.match(img, /<a href="https:\/\/evil.test\/track.png" class="md-image-link">\[image: logo\]<\/a>/);
    assert.ok(!/<img|<a /.test(renderMarkdown('![x](javascript:alert(1))')));
    assert.match(renderMarkdown('see https://example.com'), /<a href="https:\/\/example.com">/);
  });

  it('escapes quotes in attributes', () => {
    const html = renderMarkdown('[x](https://example.com/"onmouseover="alert(1))');
    assert.ok(!html.includes('"onmouseover="'), html);
  });

  it('highlights known languages and escapes the rest', () => {
    const html = renderMarkdown('```ts\nconst x = "<b>";\n```');
    assert.match(html, /<pre><code class="language-ts"><span class="hljs-keyword">const<\/span>/);
    assert.ok(html.includes('&lt;b&gt;'));
    const plain = renderMarkdown('```nosuchlang\n<script>alert(1)</script>\n```');
    assert.ok(plain.includes('&lt;script&gt;'));
    assert.equal(highlightCode('x', ''), '');
    assert.equal(highlightCode('x'.repeat(100_001), 'ts'), '');
    assert.equal(languageOf('language-typescript hljs'), 'typescript');
    assert.equal(languageOf('hljs'), undefined);
  });

  it('allows only safe link targets', () => {
    assert.ok(isAllowedLink('https://x.test'));
    assert.ok(isAllowedLink('src/a.ts'));
    assert.ok(isAllowedLink('C:\\work\\a.ts'));
    assert.ok(!isAllowedLink(''));
    assert.ok(!isAllowedLink('\\\\server\\share'));
    assert.ok(!isAllowedLink('mailto:a@b.c'));
  });
});
