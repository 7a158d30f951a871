import { it } from 'vitest';
import { quarantineInstance } from '../../../src/actions/quarantine-instance/index.js';
import { sampleEvent } from '../../helpers/events.js';
import { TEST_NOW, testSettings } from '../../helpers/execute.js';
it('peek', () => {
  const p = quarantineInstance.plan({ event: sampleEvent('guardduty/trojan-ec2-dns-data-exfiltration.json'), params: quarantineInstance.params.parse({}), playbook: { name: 'pb', mode: 'enforce' }, settings: testSettings(), previous: [], now: TEST_NOW });
  for (const c of p.calls) console.log(c.service, c.operation, JSON.stringify(c.input).slice(0, 140), c.condition ? `[${c.condition}]` : '');
  console.log(JSON.stringify(p.details));
});
