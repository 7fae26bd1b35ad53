import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SafeHtml, escapeHtml, html, raw } from '../../src/platform/views/html.ts';

test('escapeHtml escapes the five significant characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.equal(escapeHtml('Nguyễn Văn Á — ok'), 'Nguyễn Văn Á — ok');
  assert.equal(escapeHtml(''), '');
});

test('interpolated strings are escaped, the template itself is not', () => {
  const name = '<script>alert("x")</script>';
  const out = html`<p class="name">${name}</p>`;
  assert.ok(out instanceof SafeHtml);
  assert.equal(out.toString(), '<p class="name">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
});

test('values in attributes cannot break out of quotes', () => {
  const value = `" onmouseover="alert(1)`;
  assert.equal(html`<input value="${value}">`.value, '<input value="&quot; onmouseover=&quot;alert(1)">');
  const single = `' onfocus='x`;
  assert.equal(html`<input value='${single}'>`.value, `<input value='&#39; onfocus=&#39;x'>`);
});

test('nested html is inserted as is, without double escaping', () => {
  const inner = html`<b>${'a & b'}</b>`;
  assert.equal(html`<p>${inner}</p>`.value, '<p><b>a &amp; b</b></p>');
  const deeper = html`<div>${html`<span>${inner}</span>`}</div>`;
  assert.equal(deeper.value, '<div><span><b>a &amp; b</b></span></div>');
});

test('arrays are joined with no separator; their strings escaped, their html kept', () => {
  const items = ['<1>', '2&3'].map((x) => html`<li>${x}</li>`);
  assert.equal(html`<ul>${items}</ul>`.value, '<ul><li>&lt;1&gt;</li><li>2&amp;3</li></ul>');
  assert.equal(html`${['<a>', html`<b>`, ['<c>', raw('<d>')]]}`.value, '&lt;a&gt;<b>&lt;c&gt;<d>');
  assert.equal(html`<ul>${[]}</ul>`.value, '<ul></ul>');
});

test('null, undefined and false render nothing; 0 and true render as text', () => {
  assert.equal(html`[${null}][${undefined}][${false}]`.value, '[][][]');
  assert.equal(html`[${0}][${true}][${-1.5}]`.value, '[0][true][-1.5]');
  const admin = false;
  assert.equal(html`<p>${admin && html`<b>admin</b>`}</p>`.value, '<p></p>');
});

test('raw marks trusted markup as safe', () => {
  const svg = '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>';
  assert.equal(html`<div>${raw(svg)}</div>`.value, `<div>${svg}</div>`);
  assert.ok(raw('x') instanceof SafeHtml);
});

test('a plain object that looks like SafeHtml is still escaped', () => {
  const forged = { value: '<script>x</script>', toString: () => '<script>x</script>' } as unknown as string;
  assert.equal(html`${forged}`.value, '&lt;script&gt;x&lt;/script&gt;');
});

test('the template literal text itself passes through unchanged', () => {
  assert.equal(html`<a href="/x?a=1&b=2">${'t'}</a>`.value, '<a href="/x?a=1&b=2">t</a>');
  assert.equal(html``.value, '');
  assert.equal(String(html`<br>`), '<br>');
});
