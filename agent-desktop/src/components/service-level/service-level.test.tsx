import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { fireEvent, within } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import { ServiceLevelPanel } from './service-level.js';
import { sampleServiceLevel } from './sample-service-level.js';

describe('agent-desktop: service level', () => {
  useDom();

  it('raises an alert screen readers announce when a figure is below its target', () => {
    const ui = renderUi(<ServiceLevelPanel view={sampleServiceLevel()} />);
    const alert = ui.getByRole('alert');
    assert.equal(alert.closest('[aria-live]')?.getAttribute('aria-live'), 'assertive');
    assert.match(alert.textContent ?? '', /服务水平低于目标/);
    assert.deepEqual(
      ui.getAllByTestId('sl-alert').map((li) => li.textContent),
      ['近 15 分钟：15 秒内接通率 60.0%，低于目标 80.0%', '近 15 分钟：接通率 90.0%，低于目标 95.0%'],
    );
  });

  it('keeps the live region but shows no alert while every figure meets its target', () => {
    const ui = renderUi(<ServiceLevelPanel view={sampleServiceLevel({ alerts: [] })} />);
    assert.equal(ui.queryByRole('alert'), null);
    assert.equal(ui.getByTestId('sl-alerts').getAttribute('aria-live'), 'assertive');
    assert.equal(ui.queryAllByTestId('sl-alert').length, 0);
  });

  it('shows each window: shares against the targets, arrivals, abandons with short ones apart, waits', () => {
    const ui = renderUi(<ServiceLevelPanel view={sampleServiceLevel()} />, 'en');
    const cells = (w: string) => [...ui.getByTestId(`sl-window-${w}`).querySelectorAll('th,td')].map((c) => c.textContent);
    assert.deepEqual(cells('rolling'), ['Last 15 min', '60.0%', '90.0%', '20', '18', '2', '1', '0:12', '1:15']);
    assert.deepEqual(cells('shift').slice(0, 2), ['This shift (since 08:00)', '82.5%']);
    assert.match(ui.getByTestId('sl-windows').textContent ?? '', /Answered within 15 s \(target 80\.0%\)/);
    assert.match(ui.getByTestId('sl-windows').textContent ?? '', /Short abandons \(under 5 s\)/);
  });

  it('breaks the chosen window down by line, language and desk', () => {
    const ui = renderUi(<ServiceLevelPanel view={sampleServiceLevel()} deskNames={{ general: '综合受理' }} />);
    fireEvent.click(within(ui.getByTestId('sl-breakdown-window')).getByText('今日'));
    const rows = (dim: string) => within(ui.getByTestId(`sl-by-${dim}`)).getAllByTestId('sl-breakdown-row').map((r) => r.querySelector('th')?.textContent);
    assert.deepEqual(rows('line'), ['12345', '12328']);
    assert.deepEqual(rows('language'), ['普通话', '哈萨克语']);
    assert.deepEqual(rows('desk'), ['综合受理']);
  });
});
