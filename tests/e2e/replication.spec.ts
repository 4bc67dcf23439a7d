// Database replicas: a primary and read replicas inside one database. Async replication serves
// stale reads; a primary crash fails over to a replica after the detection delay and loses the
// writes that had not reached it; a partition of the replicas refuses (CP) or conflicts (AP).
import { expect, test } from './fixtures';
import type { AppPage } from './pages/app';

/** A client → service → database with two async replicas (1 s lag, 1 s failover detection). */
async function replicatedDatabase(app: AppPage): Promise<void> {
  await app.goto();
  await app.newScenario();
  await app.addByKeyboard('database');
  await expect(app.node('database-1')).toBeVisible();
  await app.connectWithInspector('service-1', 'database-1');
  await app.select('database-1');
  await app.enableReplication();
  await expect(app.testId('param-replication.replicas')).toHaveValue('2');
  await expect(app.testId('param-replication.mode')).toHaveValue('async');
  // A long, constant lag: a read of a key written in the last second is stale.
  await app.testId('param-replication.lag-dist').selectOption('constant');
  await app.setField('param-replication.lag-a', '1000');
  await app.setField('param-replication.detection_ms', '1000');
  await expect(app.node('database-1')).toContainText('async');
  await expect(app.replicaBadge('database-1')).toHaveText('P + 2R');
  await expect(app.testId('problems-count')).toHaveText('No problems');
}

test.describe('database replicas', () => {
  test('async replicas serve stale reads; a primary crash fails over and counts lost writes', async ({ app }) => {
    await replicatedDatabase(app);
    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(5);
    await expect.poll(() => app.summaryCount('summary-stale-reads')).toBeGreaterThan(0);
    await expect(app.testId('summary-lost-writes')).toHaveText('0');

    // Crash the primary: writes fail until a replica is promoted, reads carry on.
    await app.select('database-1');
    await app.testId('crash').click();
    await expect(app.replicaBadge('database-1')).toHaveText(/R\d primary/, { timeout: 20_000 });
    await expect.poll(() => app.summaryCount('summary-lost-writes'), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(app.testId('summary-lost-writes').locator('xpath=..')).toContainText('1 failover');
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('component down');
    // The old primary comes back as a replica; the new primary stays.
    await app.testId('recover').click();
    await expect(app.testId('recover')).toBeDisabled();
    await expect(app.replicaBadge('database-1')).toHaveText(/R\d primary/);
  });

  test('a partition of the replicas: CP refuses, AP keeps serving and counts conflicting writes', async ({ app }) => {
    await replicatedDatabase(app);
    await app.testId('param-replication.mode').selectOption('sync');
    // A synchronous write waits for the replicas: keep the lag short.
    await app.setField('param-replication.lag-a', '5');
    // Few keys, so that both sides of the split soon write the same one.
    await app.select('client-1');
    await app.setField('param-keys.count', '20');
    await app.testId('speed').selectOption({ label: '10×' });
    await app.run();
    await app.waitForClock(2);
    await app.select('database-1');
    await app.testId('partition-replicas-15').click();
    await expect(app.replicaBadge('database-1')).toHaveText('split');
    // CP: the lone primary refuses writes until the replicas elect one of their own.
    await expect(app.testId('summary-failure').locator('xpath=..')).toContainText('no quorum', { timeout: 20_000 });
    await app.waitForClock(19, 30_000);
    await expect(app.testId('summary-stale-reads')).toHaveText('0');
    await expect(app.testId('summary-conflicts')).toHaveText('0');

    // AP: the run restarts and replays the partition from the timeline; both sides accept
    // writes, and those to the same key conflict when it heals.
    await app.testId('param-replication.partition_mode').selectOption('ap');
    await app.run();
    await app.waitForClock(19, 30_000);
    await expect.poll(() => app.summaryCount('summary-conflicts'), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await app.summaryCount('summary-stale-reads')).toBeGreaterThan(0);
    await expect(app.testId('summary-failure')).toHaveText('none');
  });
});
