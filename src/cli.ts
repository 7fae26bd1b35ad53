/** smart-commune <command>: the one entry point for operators. */
import { Command, Option } from 'commander';
import { loadConfig } from './platform/config.ts';
import { backupDatabase, restoreDatabase, RestoreError } from './platform/db/backup.ts';
import { DatabaseBusyError } from './platform/db/database.ts';
import { secretFingerprint } from './platform/crypto.ts';
import { createServer, openAndMigrate, startBackgroundWork } from './main.ts';
import { seedDemo } from './seed/seed-demo.ts';
import { seedDemoRecords } from './seed/demo-records.ts';
import { seedDemoHistory } from './seed/demo-history.ts';
import { seedCatalogue } from './modules/catalogue/index.ts';
import { seedCalendar } from './modules/calendar/index.ts';
import { DEMO_CITIZENS, DEMO_OFFICIALS, DEMO_PASSWORD } from './seed/demo-data.ts';
import { SYSTEM_ACTOR, verifyAuditLog } from './modules/audit/index.ts';
import { createOfficial, identityContext, ROLES } from './modules/identity/index.ts';
import { findUnitByCode } from './modules/tenancy/index.ts';
import { verifyPdfCommand } from './verify-pdf-command.ts';

const program = new Command('smart-commune')
  .description('Digital government for Vietnamese communes, wards and provinces.\nSettings come from the environment: DATABASE_URL, DATA_DIR, PORT, HOST, APP_SECRET, SEED_DEMO, LOG_LEVEL.')
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate the database, seed demo data on first start, and serve the web application')
  .action(async () => {
    const started = performance.now();
    const config = loadConfig();
    const { database, applied } = await openAndMigrate(config);
    const catalogued = await seedCatalogue(database.db);
    const calendarYears = await seedCalendar(database.db);
    const seeded = config.seedDemo ? await seedDemo(database.db) : false;
    const demoRecords = config.seedDemo ? await seedDemoRecords(database.db) : 0;
    // Two years of synthetic records for the dashboards (after the hand-made ones, which need an empty table).
    const demoHistory = config.seedDemo ? await seedDemoHistory(database.db) : 0;
    const app = await createServer(config, database, { logger: { level: config.logLevel } });
    const stopWork = startBackgroundWork(database, { notifications: config.notifications, portalSync: config.portalSync, payments: config.payments, publicUrl: config.publicUrl, onError: (error) => app.log.error(error, 'background work failed (outbox, portal sync or payments)') });
    await app.listen({ port: config.port, host: config.host });
    const url = `http://localhost:${config.port}`;
    const lines = [
      '',
      `smart-commune is running at ${url}  (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      `database: ${database.description}${applied.length ? `, ${applied.length} migrations applied` : ''}${catalogued ? `, ${catalogued} procedures loaded` : ''}${calendarYears ? `, official holiday schedules of ${calendarYears} years loaded` : ''}${seeded ? ', demo data seeded' : ''}${demoRecords ? `, ${demoRecords} demo records filed` : ''}${demoHistory ? `, ${demoHistory} records of demo history added` : ''}`,
    ];
    if (config.seedDemo) {
      lines.push('', `Demo logins (mật khẩu / password: ${DEMO_PASSWORD}):`);
      for (const o of DEMO_OFFICIALS) lines.push(`  ${o.username.padEnd(22)} ${o.roles.join(', ').padEnd(28)} ${o.fullName}`);
      lines.push(`  citizens: ${DEMO_CITIZENS.map((c) => c.phone ?? c.email).join(', ')}`);
    }
    if (config.devOutbox) lines.push('', `SMS/email are not sent (no gateway yet): one-time codes appear at ${url}/dev/outbox (sign in as admin); DEV_OUTBOX=false turns that page off.`);
    lines.push('');
    console.log(lines.join('\n'));
    const shutdown = async () => {
      stopWork();
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const { database, applied } = await openAndMigrate(loadConfig());
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    await database.close();
  });

program
  .command('seed')
  .description('seed the demo province, communes, officials and citizens (only into an empty database)')
  .action(async () => {
    const config = loadConfig();
    const { database } = await openAndMigrate(config);
    const catalogued = await seedCatalogue(database.db);
    if (catalogued) console.log(`Procedure catalogue loaded: ${catalogued} procedures.`);
    const calendarYears = await seedCalendar(database.db);
    if (calendarYears) console.log(`Official holiday schedules loaded: ${calendarYears} years.`);
    const seeded = await seedDemo(database.db);
    console.log(seeded ? 'Demo data seeded.' : 'Units already exist: nothing seeded.');
    const records = await seedDemoRecords(database.db);
    if (records) console.log(`Demo records filed: ${records}.`);
    const history = await seedDemoHistory(database.db);
    if (history) console.log(`Demo history added: ${history} records over 24 months.`);
    await database.close();
  });

const audit = program.command('audit').description('audit verify: check that no audit log entry was edited, deleted or reordered');
audit
  .command('verify')
  .description('check the hash chain of the audit log; exits 1 and names the first bad entry if any row was changed')
  .action(async () => {
    const { database } = await openAndMigrate(loadConfig());
    const verdict = await verifyAuditLog(database.db);
    await database.close();
    if (verdict.ok) {
      console.log(`Audit log intact: ${verdict.entries} entries.`);
    } else {
      console.error(`Audit log TAMPERED: first bad entry is #${verdict.seq} (${verdict.reason}).`);
      process.exitCode = 1;
    }
  });

const user = program.command('user').description('user create: add an official to a unit');
user
  .command('create')
  .description('create an official (the password is read from SC_PASSWORD, never from the command line)')
  .requiredOption('--unit <code>', 'agency code of the unit, e.g. H11.35.01')
  .requiredOption('--username <name>', 'sign-in name: a-z, 0-9, . _ -')
  .requiredOption('--name <full name>', 'full name')
  .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
  .option('--position <text>', 'position', '')
  .action(async (options: { unit: string; username: string; name: string; role: string[]; position: string }) => {
    const password = process.env.SC_PASSWORD ?? '';
    const config = loadConfig();
    const { database } = await openAndMigrate(config);
    try {
      const unit = await findUnitByCode(database.db, options.unit);
      if (!unit) throw new Error(`No unit has the code ${options.unit}`);
      const result = await createOfficial(identityContext(database.db, config), { ...SYSTEM_ACTOR, name: 'cli' }, unit, {
        username: options.username, fullName: options.name, position: options.position, email: '', phone: '', password, roles: options.role, mustChangePassword: true,
      });
      if (!result.ok) throw new Error(`Not created: ${Object.entries(result.errors).map(([f, k]) => `${f}: ${k}`).join('; ')}${password ? '' : ' (set SC_PASSWORD)'}`);
      console.log(`Created official #${result.official.id} ${result.official.username} in ${unit.name}; they must change the password at first sign-in.`);
    } catch (error) {
      console.error((error as Error).message);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });

program
  .command('backup <file>')
  .description('write a backup (gzip JSON lines) that restores into PGlite or PostgreSQL')
  .action(async (file: string) => {
    const config = loadConfig();
    const { database } = await openAndMigrate(config);
    const header = await backupDatabase(database, file, { secretFingerprint: secretFingerprint(config.appSecret) });
    await database.close();
    console.log(`Backup written to ${file}: ${header.tables.reduce((n, t) => n + t.rows, 0)} rows in ${header.tables.length} tables.`);
  });

program
  .command('restore <file>')
  .description('restore a backup into this database (use --replace to overwrite existing data)')
  .option('--replace', 'replace the existing data')
  .action(async (file: string, options: { replace?: boolean }) => {
    const config = loadConfig();
    const { database } = await openAndMigrate(config);
    try {
      const header = await restoreDatabase(database, file, { replace: options.replace, secretFingerprint: secretFingerprint(config.appSecret) });
      console.log(`Restored ${header.tables.reduce((n, t) => n + t.rows, 0)} rows from the backup of ${header.createdAt}.`);
    } catch (error) {
      if (!(error instanceof RestoreError)) throw error;
      console.error(`Restore refused: ${error.message}`);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });

program
  .command('verify-pdf <file>')
  .description('verify the digital signatures of a PDF; exit code 0 valid, 1 invalid, 2 indeterminate or unsigned, 3 unreadable input')
  .option('--trust-root <file>', 'trust this root certificate (PEM or DER); repeat for several', (value: string, previous: string[]) => [...previous, value], [] as string[])
  .option('--no-install-roots', "trust only the --trust-root files, not this install's built-in root (read from its database) nor TRUST_ROOTS_FILE")
  .option('--json', 'print the report as JSON')
  .action(async (file: string, options: { trustRoot: string[]; installRoots: boolean; json?: boolean }) => {
    process.exitCode = await verifyPdfCommand(file, options);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Operator mistakes get one readable line; anything else keeps its stack for the bug report.
  if (error instanceof DatabaseBusyError || error instanceof RestoreError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
}
