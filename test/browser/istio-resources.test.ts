// ISTIO RESOURCES in Chromium on smm demo: the list agrees with the API and its filters live in
// the URL; the editor marks a mistake on its line, asks before saving it anyway, creates a valid
// resource (seen afterwards by the API and in the list), refuses a stale edit with a conflict
// naming who changed it, and deletes after a confirmation.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAndBrowser, openPage, screenshot } from './harness.js';

interface Row { cluster: string; kind: string; namespace: string; name: string }

const SUFFIX = Date.now().toString(36);
const BROKEN = `broken-${SUFFIX}`;
const VALID = `valid-${SUFFIX}`;

/**
 * A VirtualService. With `mistake` (routing to movies), line 14 has a string weight and line 15
 * an unknown field; without, it routes to notifications, which no other VirtualService does.
 */
function vsYaml(name: string, mistake: boolean): string {
  const host = mistake ? 'movies' : 'notifications';
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: smm-demo
spec:
  hosts:
  - ${host}
  http:
  - route:
    - destination:
        host: ${host}
        port: { number: 8080 }
      weight: ${mistake ? '"ninety"' : '100'}
${mistake ? '    retriez: 3\n' : ''}`;
}

describe('istio resources pages on smm demo', () => {
  const env = demoAndBrowser();
  const gql = <T>(query: string, variables?: Record<string, unknown>): Promise<T> => env.demo.graphql<T>(query, variables);
  const readVs = (name: string) => gql<{ istioResource: { name: string; resourceVersion: string; yaml: string; issues: { message: string }[] } | null }>(
    'query($name: String!) { istioResource(kind: "VirtualService", namespace: "smm-demo", name: $name) { name resourceVersion yaml issues { message } } }', { name });

  /** Replaces the editor's whole text as a user would paste it. */
  async function setEditorText(page: Page, text: string): Promise<void> {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }
  const editorText = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent).join('\n'));
  const shownRows = (page: Page) => page.locator('table.data tbody tr[data-row]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')).sort());


  it('lists what the API lists; namespace and type filters narrow it and survive a reload', async () => {
    const { istioResources } = await gql<{ istioResources: Row[] }>('{ istioResources { cluster kind namespace name } }');
    const key = (r: Row) => `${r.cluster}/${r.kind}/${r.namespace}/${r.name}`;
    expect(istioResources.length).toBeGreaterThan(4);
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/istio-resources`);
    await expect.poll(() => shownRows(page)).toEqual(istioResources.map(key).sort());
    await screenshot(page, 'istio-resources');

    await page.getByTestId('namespace-filter').click();
    await page.getByRole('listbox', { name: 'Namespaces' }).getByLabel('smm-demo').check();
    await page.keyboard.press('Escape');
    await page.getByTestId('kind-filter').click();
    await page.getByRole('listbox', { name: 'Types' }).getByLabel('DestinationRule').check();
    await page.keyboard.press('Escape');
    const wanted = istioResources.filter((r) => r.namespace === 'smm-demo' && r.kind === 'DestinationRule').map(key).sort();
    expect(wanted.length).toBeGreaterThan(0);
    await expect.poll(() => shownRows(page)).toEqual(wanted);
    expect(new URL(page.url()).searchParams.get('ns')).toBe('smm-demo');
    expect(new URL(page.url()).searchParams.get('kind')).toBe('DestinationRule');

    await page.reload();
    await expect.poll(() => shownRows(page)).toEqual(wanted);
    await expect.poll(() => page.getByTestId('kind-filter').textContent()).toContain('DestinationRule');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('marks a mistake on its line, asks before saving it anyway, and creates a valid VirtualService', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/istio-resources`);
    await page.getByRole('button', { name: 'Create new' }).click();
    await page.locator('[data-kind="VirtualService"]').click();
    await page.waitForURL(/\/istio-resources\/new\?kind=VirtualService/);
    // The first template fills the editor; another one replaces it.
    await expect.poll(() => editorText(page)).toContain('kind: VirtualService');
    await page.getByLabel('Template').selectOption('virtualservice/retries');
    await expect.poll(() => editorText(page)).toContain('retries:');
    expect(new URL(page.url()).searchParams.get('template')).toBe('virtualservice/retries');

    // Malformed YAML: the parser's message, marked on its line.
    await setEditorText(page, 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\n  namespace: smm-demo\nspec:\n  hosts: [movies\n  http: []\n');
    await page.getByRole('button', { name: /Validate/ }).click();
    await expect.poll(() => page.locator('[data-problem="invalid"]').textContent()).toContain('malformed YAML at line 8');
    expect(await page.getByTestId('issue-list').locator('li').getAttribute('data-line')).toBe('8');

    await setEditorText(page, vsYaml(BROKEN, true));
    await page.getByRole('button', { name: /Validate/ }).click();
    const list = page.getByTestId('issue-list');
    await expect.poll(() => list.locator('.head').textContent()).toBe('2 errors, 0 warnings');
    expect(await list.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-line')))).toEqual(['14', '15']);
    expect(await list.textContent()).toContain('must be integer');
    // The marks sit on those lines of the editor, and hovering shows the message.
    const markedLines = await page.evaluate(() => [...document.querySelectorAll('.cm-content .cm-line')].flatMap((l, i) => (l.querySelector('.cm-lintRange-error') ? [i + 1] : [])));
    expect(markedLines).toEqual([14, 15]);
    await page.locator('.cm-line').nth(13).locator('.cm-lintRange-error').hover();
    await expect.poll(() => page.locator('.cm-tooltip-lint').textContent()).toContain('must be integer');
    await screenshot(page, 'editor-error');

    // Create: "apply anyway?"; Cancel keeps the text and saves nothing.
    await page.mouse.move(0, 0);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Validation failed/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await editorText(page)).toContain('retriez: 3');
    expect((await readVs(BROKEN)).istioResource).toBeNull();

    // Confirm saves it anyway (the demo's API server accepts it).
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('dialog', { name: /Validation failed/ }).getByRole('button', { name: 'Create anyway' }).click();
    await page.waitForURL(new RegExp(`/istio-resources/VirtualService/smm-demo/${BROKEN}\\?saved=created`));
    await expect.poll(async () => (await readVs(BROKEN)).istioResource?.issues.length).toBeGreaterThan(0);

    // A valid one: Validate finds nothing, Create saves it; the API and the list see it.
    await page.goto(`${env.demo.url}/istio-resources/new?kind=VirtualService`);
    await expect.poll(() => editorText(page)).toContain('kind: VirtualService');
    await setEditorText(page, vsYaml(VALID, false));
    await page.getByRole('button', { name: /Validate/ }).click();
    await expect.poll(() => page.getByTestId('issue-list').locator('.head').textContent()).toBe('Valid: no issues found');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(new RegExp(`/istio-resources/VirtualService/smm-demo/${VALID}`));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Created' }).count()).toBe(1);
    const created = (await readVs(VALID)).istioResource;
    expect(created?.yaml).toContain('weight: 100');
    expect(created?.issues).toEqual([]);
    await page.goto(`${env.demo.url}/istio-resources?kind=VirtualService`);
    await expect.poll(() => shownRows(page)).toContain(`demo-cluster/VirtualService/smm-demo/${VALID}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('completes field names and enum values from the kind\'s schema, in the dark theme too', async () => {
    const { page, context, problems } = await openPage(env.browser, { theme: 'dark' });
    await page.goto(`${env.demo.url}/istio-resources/new?kind=VirtualService`);
    await expect.poll(() => editorText(page)).toContain('kind: VirtualService');
    await setEditorText(page, 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  ');
    await page.keyboard.press('Control+Space');
    const options = page.locator('.cm-tooltip-autocomplete li .cm-completionLabel');
    await expect.poll(() => options.allTextContents()).toEqual(expect.arrayContaining(['hosts', 'http', 'gateways', 'tls', 'tcp']));
    await page.keyboard.type('htt');
    await expect.poll(() => options.allTextContents()).toEqual(['http']);
    // CodeMirror ignores Enter for a moment after the list changes (its interactionDelay).
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    await expect.poll(() => editorText(page)).toContain('  http:\n  - ');
    await page.locator('.cm-tooltip-autocomplete').waitFor({ state: 'detached' });
    // Inside the new list item: the fields of an HTTP route.
    await page.keyboard.press('Control+Space');
    await expect.poll(() => options.allTextContents()).toEqual(expect.arrayContaining(['route', 'match', 'retries', 'timeout']));
    await page.keyboard.type('rou');
    await expect.poll(() => options.allTextContents()).toEqual(['route']);
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    expect(await editorText(page)).toContain('  http:\n  - route:\n    - ');
    await screenshot(page, 'editor-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a stale edit with a conflict naming who changed it, keeping the text', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/istio-resources/VirtualService/smm-demo/${VALID}`);
    await expect.poll(() => editorText(page)).toContain(`name: ${VALID}`);
    // Someone else changes it meanwhile.
    await gql('mutation($yaml: String!) { applyIstioResource(yaml: $yaml, force: true) { applied } }', { yaml: vsYaml(VALID, false).replace('      weight: 100\n', '      weight: 100\n    timeout: 3s\n') });
    const text = await editorText(page);
    await setEditorText(page, text.replace('  namespace: smm-demo', '  namespace: smm-demo\n  labels:\n    edited: in-the-dashboard'));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const box = page.locator('[data-problem="conflict"]');
    await box.waitFor();
    expect(await box.textContent()).toMatch(/changed by "smm:[^"]+"/);
    expect(await editorText(page)).toContain('edited: in-the-dashboard');
    expect((await readVs(VALID)).istioResource?.yaml).toContain('timeout: 3s');
    await screenshot(page, 'editor-conflict');
    await box.getByRole('button', { name: 'Load the current version' }).click();
    await expect.poll(() => editorText(page)).toContain('timeout: 3s');
    // Without edits of ours, a change made elsewhere (kubectl, another user) shows up by itself.
    await gql('mutation($yaml: String!) { applyIstioResource(yaml: $yaml, force: true) { applied } }', { yaml: vsYaml(VALID, false).replace('      weight: 100\n', '      weight: 100\n    timeout: 4s\n') });
    await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain('timeout: 4s');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('deletes after a confirmation that says it cannot be undone', async () => {
    const { page, context, problems } = await openPage(env.browser);
    await page.goto(`${env.demo.url}/istio-resources?kind=VirtualService&ns=smm-demo`);
    await expect.poll(() => shownRows(page)).toContain(`demo-cluster/VirtualService/smm-demo/${BROKEN}`);
    await page.getByRole('button', { name: `Delete VirtualService smm-demo/${BROKEN}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('cannot be undone');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => shownRows(page)).not.toContain(`demo-cluster/VirtualService/smm-demo/${BROKEN}`);
    expect((await readVs(BROKEN)).istioResource).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
