import { describe, expect, it } from 'vitest';
import { buildChecklist, checklistText, type ChecklistInput } from './checklist.ts';
import { golden } from './golden.ts';
import { checklistHtml, escapeHtml } from './html-checklist.ts';

const APPS: ChecklistInput = {
  planName: 'Contoso Apps',
  target: 'secondary-site',
  topology: 'same-vm',
  copyMethod: 'hyper-v-replication',
  zone: 'contoso.local',
  dnsServer: { name: 'DC01', ip: '10.1.0.10' },
  addressing: 'static',
  records: [
    { name: 'APP02', ip: '10.1.0.31' },
    { name: 'APP03', ip: '10.1.0.32' },
  ],
};

// One golden per topology, copy method, addressing mode and target, so every variant's text is pinned.
const VARIANTS: [string, ChecklistInput][] = [
  ['same-vm-hyperv-static', APPS],
  ['separate-vms-snapshot-dhcp', { ...APPS, topology: 'separate-vms', copyMethod: 'ad-replication-snapshot', dnsServer: { name: 'DNS01', ip: '10.1.0.11' }, adServerName: 'DC01', addressing: 'dhcp', records: [] }],
  ['same-vm-export-wnv', { ...APPS, copyMethod: 'export-import-new-guid', addressing: 'wnv-pool', records: [{ name: 'FILE01', ip: '10.3.0.40' }] }],
  ['azure-same-vm-static', { ...APPS, planName: 'Branch to Azure', target: 'azure', zone: 'branch.contoso.com', dnsServer: { name: 'BR-DC01', ip: '192.168.50.10' }, records: [{ name: 'BR-APP01', ip: '192.168.50.20' }] }],
];

const sectionHeadings = (input: ChecklistInput) => buildChecklist(input).sections.map((section) => section.heading);
const allText = (input: ChecklistInput) => checklistText(buildChecklist(input));

describe('AD/DNS checklist (R18, reference "Prepare Active Directory / DHCP / DNS")', () => {
  it.each(VARIANTS)('R18: the %s checklist matches its golden text and HTML', (name, input) => {
    const checklist = buildChecklist(input);
    const text = checklistText(checklist);
    expect(text).toBe(golden(`checklist-${name}.txt`, text));
    const html = checklistHtml(checklist);
    expect(html).toBe(golden(`checklist-${name}.html`, html));
  });

  it('R18: the zone is named after the forest root, file-backed, with secure and non-secure updates, before other machines start', () => {
    const text = allText(APPS);
    expect(text).toContain('named after the forest root: contoso.local');
    expect(text).toContain('file-backed');
    expect(text).toContain('secure and non-secure dynamic updates');
    expect(text).toContain('before any other machine of the plan starts');
    expect(text).toContain('> create-test-dns-zone.cmd');
    expect(text).toContain('> register-dc-dns-records.cmd');
  });

  it('R18: with AD and DNS on separate machines the AD resolver points at the DNS machine', () => {
    const text = allText(VARIANTS[1]![1]);
    expect(text).toContain('Point the resolver of the Active Directory machine DC01 at the test DNS server 10.1.0.11');
    expect(text).toContain("-ServerAddresses '10.1.0.11'");
    expect(allText(APPS)).not.toContain('Point the resolver');
  });

  it('R18: separate machines need the AD machine name', () => {
    expect(() => buildChecklist({ ...APPS, topology: 'separate-vms' })).toThrow(/Active Directory server name is empty|must be text/);
  });

  it.each([
    ['hyper-v-replication', /Hyper-V replication like the other machines/],
    ['ad-replication-snapshot', /take a snapshot of the replica Active Directory machine/],
    ['export-import-new-guid', /import it with a new GUID/],
  ] as const)('each AD copy method has its own steps: %s', (copyMethod, step) => {
    expect(allText({ ...APPS, copyMethod })).toMatch(step);
  });

  it('DHCP: a test DHCP server inside the isolated network carries the test DNS server', () => {
    const text = allText({ ...APPS, addressing: 'dhcp', records: [] });
    expect(text).toContain('create a test DHCP server inside the isolated test network');
    expect(text).toContain("Set the test DNS server 10.1.0.10 in the test DHCP server's scope options");
    expect(text).not.toContain('update-dns-records.ps1');
  });

  it('WNV: the VMM server is the DHCP server, so the DNS address goes in the static pool', () => {
    expect(allText({ ...APPS, addressing: 'wnv-pool' })).toContain('the VMM server acts as the DHCP server. Set the test DNS server 10.1.0.10 in the static IP address pool');
  });

  it('static addressing updates the pools and the records of the test machines', () => {
    const text = allText(APPS);
    expect(text).toContain('set the test DNS server 10.1.0.10 in the static IP address pools');
    expect(text).toContain('APP02 → 10.1.0.31, APP03 → 10.1.0.32');
    expect(() => buildChecklist({ ...APPS, records: [] })).toThrow(/at least one machine/);
  });

  it('isolation: no external gateway on the test network', () => {
    expect(allText(APPS)).toContain('as long as no external gateway is added to it');
  });

  it('R18 (Azure example): AD/DNS fail over first, their addresses become the virtual network DNS servers, completion in reverse order', () => {
    const azure = VARIANTS[3]![1];
    const headings = sectionHeadings(azure);
    expect(headings.indexOf('Azure: fail over Active Directory and DNS first')).toBeLessThan(headings.indexOf('Prepare Active Directory'));
    const text = allText(azure);
    expect(text).toContain('Note the IP addresses allocated');
    expect(text).toContain('Set those addresses as the DNS servers of the Azure virtual network');
    expect(text.indexOf('application machines of Branch to Azure first')).toBeLessThan(text.indexOf('Then complete the test of the Active Directory and DNS machines'));
    expect(sectionHeadings(APPS)).not.toContain('Azure: fail over Active Directory and DNS first');
  });

  it('the HTML page escapes every text, plan names included', () => {
    const html = checklistHtml(buildChecklist({ ...APPS, planName: '<script>alert("x")</script> & \'co\'' }), [
      { fileName: 'x.ps1', content: "Write-Host '<b>'" },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(html).toContain('Write-Host &#39;&lt;b&gt;&#39;');
    expect(escapeHtml('&<>"\'')).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('the HTML page prints well: print styles, no scripts, a strict CSP', () => {
    const html = checklistHtml(buildChecklist(APPS));
    expect(html).toContain('@media print');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
  });
});
