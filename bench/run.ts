/**
 * npm run bench: four ratios measured within one run, written between the markers of
 * docs/PERFORMANCE.md (the prose around them is kept). Talks to 127.0.0.1 only.
 *
 *   BENCH_RUNS=3          start-time repetitions (median reported)
 *   BENCH_TX=2000         transactions of each kind in the audit benchmark
 *   BENCH_LOADGEN=node    force the node:http load loop even when wrk is installed
 *   DATABASE_URL=…        also run the audit and submission benchmarks on that PostgreSQL server (in a new database)
 *   BENCH_SUBMIT_ROUNDS=5 BENCH_SUBMIT_SECONDS=1   rounds of each kind in the submission benchmark, seconds per round
 *   BENCH_WQ_ROUNDS=5 BENCH_WQ_SECONDS=1 BENCH_WQ_RECORDS=10000   the workqueue benchmark (PostgreSQL also when a server
 *                         answers at 127.0.0.1:5432 as postgres without DATABASE_URL)
 *   BENCH_DUE_ROUNDS=7    rounds of each kind in the due-date benchmark
 *   BENCH_SIGN_ROUNDS=5 BENCH_SIGN_SECONDS=2   rounds of the signing benchmark, seconds per kind and key type in a round
 *   BENCH_PAY_ROUNDS=5 BENCH_PAY_PER_ROUND=100   rounds of each kind and callbacks per round in the payment-callback benchmark
 *   BENCH_DOCS_COUNT=100000 BENCH_DOCS_ROUNDS=30 BENCH_DOCS_REG_ROUNDS=5 BENCH_DOCS_REG_PER_ROUND=200   the document search and
 *                         registration benchmark (measure 10; PostgreSQL also when a server answers at 127.0.0.1:5432)
 *   --records 1000000 --communes 100   records filled for the dashboard benchmark (9), on PGlite and on PostgreSQL (as for 5)
 *   BENCH_DASH_ROUNDS=7 BENCH_DASH_WARMUP=1   rounds of the dashboard benchmark, one request of each kind per round
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib.ts';
import { measureStartTimes } from './start-time.ts';
import { measureHomePage } from './home-page.ts';
import type { LoadOptions } from './home-page.ts';
import { measureAuditOnPglite, measureAuditOnPostgres } from './audit-write.ts';
import type { AuditResult } from './audit-write.ts';
import { measureSubmissionsOnPglite, measureSubmissionsOnPostgres, PGLITE_CONCURRENCY, POSTGRES_CONCURRENCY, SUBMISSION_OPTIONS } from './submissions.ts';
import type { SubmissionResult } from './submissions.ts';
import { measureWorkqueueOnPglite, measureWorkqueueOnPostgres, postgresServerUrl, WORKQUEUE_OPTIONS, WQ_PGLITE_CONCURRENCY, WQ_POSTGRES_CONCURRENCY } from './workqueue.ts';
import type { WorkqueueResult } from './workqueue.ts';
import { DUE_DATE_OPTIONS, measureDueDatesOnTestDatabase } from './due-dates.ts';
import { measureSigning, percent as pct, SIGNING_OPTIONS, stagesLine, summary as signingSummary } from './signatures.ts';
import { measurePaymentCallbacks, PAYMENT_CALLBACK_OPTIONS } from './payment-callbacks.ts';
import { DOCUMENT_OPTIONS, measureAllDocuments } from './documents.ts';
import { dashboardOptions, measureDashboards } from './dashboard.ts';
import type { DashboardResult } from './dashboard.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TX = Number(process.env.BENCH_TX ?? 2000);
const LOAD: LoadOptions = {
  connections: 32, warmupSeconds: 5, seconds: 10,
  ...(process.env.BENCH_LOADGEN === 'node' || process.env.BENCH_LOADGEN === 'wrk' ? { generator: process.env.BENCH_LOADGEN } : {}),
};
const DOC = path.join(ROOT, 'docs/PERFORMANCE.md');
const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

const log = (line: string) => console.log(line);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const n0 = (v: number) => Math.round(v).toLocaleString('en-US');

const began = new Date();
const loadBefore = os.loadavg()[0]!;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-'));
try {
  log(`1. cold first start vs restart on PGlite (${RUNS} run${RUNS === 1 ? '' : 's'})`);
  const dirs = Array.from({ length: RUNS }, (_, i) => path.join(work, `data-${i + 1}`));
  const start = await measureStartTimes(dirs, log);
  log(`  median: first ${s(start.firstMs)}, restart ${s(start.restartMs)}, restart/first ${x(start.ratio)}`);
  // The last run's data directory now holds a seeded, stopped database: the next two reuse it.
  const seeded = dirs.at(-1)!;

  log(`2. signed-in home page vs bare Fastify route (${LOAD.connections} connections, ${LOAD.warmupSeconds} s warm-up, ${LOAD.seconds} s measured)`);
  const home = await measureHomePage(seeded, work, LOAD, { login: 'motcua.muongdang', name: 'Lò Thị Hoa' });
  log(`  one-stop officer (${home.generator}): home page ${n0(home.app.rps)} req/s, bare ${n0(home.bare.rps)} req/s, ratio ${x(home.ratio)} (errors ${home.app.errors}/${home.bare.errors})`);
  const leader = await measureHomePage(seeded, work, LOAD, { login: 'chutich.muongdang', name: 'Lường Văn Chính' });
  log(`  chairman, with data panels (${leader.generator}): home page ${n0(leader.app.rps)} req/s, bare ${n0(leader.bare.rps)} req/s, ratio ${x(leader.ratio)} (errors ${leader.app.errors}/${leader.bare.errors})`);

  log(`3. audited vs plain write (${TX} transactions each)`);
  const audits: AuditResult[] = [await measureAuditOnPglite(seeded, TX)];
  if (process.env.DATABASE_URL) audits.push(await measureAuditOnPostgres(TX));
  for (const a of audits) log(`  ${a.database}: plain ${n0(a.plainTps)} tx/s, audited ${n0(a.auditedTps)} tx/s, ratio ${x(a.ratio)} (+${a.extraMs.toFixed(2)} ms per write)`);

  log(`4. submissions through HTTP vs the same rows inserted directly (${SUBMISSION_OPTIONS.rounds} rounds of ${SUBMISSION_OPTIONS.roundSeconds} s of each kind)`);
  const submissions: SubmissionResult[] = [await measureSubmissionsOnPglite(seeded, { ...SUBMISSION_OPTIONS, concurrency: PGLITE_CONCURRENCY }, log)];
  if (process.env.DATABASE_URL) submissions.push(await measureSubmissionsOnPostgres({ ...SUBMISSION_OPTIONS, concurrency: POSTGRES_CONCURRENCY }, log));

  log(`5. the overdue workqueue page with ${n0(WORKQUEUE_OPTIONS.records)} open records vs the raw queries behind it (${WORKQUEUE_OPTIONS.rounds} rounds of ${WORKQUEUE_OPTIONS.roundSeconds} s of each kind)`);
  const workqueues: WorkqueueResult[] = [await measureWorkqueueOnPglite(path.join(work, 'workqueue'), { ...WORKQUEUE_OPTIONS, concurrency: WQ_PGLITE_CONCURRENCY }, log)];
  const wqServer = await postgresServerUrl();
  if (wqServer) workqueues.push(await measureWorkqueueOnPostgres(wqServer, { ...WORKQUEUE_OPTIONS, concurrency: WQ_POSTGRES_CONCURRENCY }, log));

  log(`6. due dates computed per second: the working-day calendar vs Monday–Friday (${n0(DUE_DATE_OPTIONS.receipts)} receipts, ${DUE_DATE_OPTIONS.rounds} rounds)`);
  const due = await measureDueDatesOnTestDatabase(DUE_DATE_OPTIONS);
  log(`  calendar ${n0(due.calendarPerSecond)}/s, Monday–Friday ${n0(due.simplePerSecond)}/s, ratio ${due.ratio.toFixed(3)}×; addDuration alone ${n0(due.pureCalendarPerSecond)}/s; building the calendar ${due.buildMs.toFixed(2)} ms`);

  log(`7. visible-signature PDFs signed and verified per second vs \`openssl speed\` raw signatures per second (${SIGNING_OPTIONS.rounds} rounds of ${SIGNING_OPTIONS.roundSeconds} s of each kind and key type)`);
  const signing = await measureSigning(SIGNING_OPTIONS, log);
  for (const f of signing.figures) log(`  ${signingSummary(f)}`);

  log(`8. verified payment callbacks per second vs the same database update without verification (${PAYMENT_CALLBACK_OPTIONS.rounds} rounds of ${PAYMENT_CALLBACK_OPTIONS.perRound} of each kind)`);
  const payments = await measurePaymentCallbacks(PAYMENT_CALLBACK_OPTIONS, log);
  log(`  verified ${n0(payments.verifiedPerSecond)}/s, plain ${n0(payments.plainPerSecond)}/s, ratio ${payments.ratio.toFixed(2)}×; verification alone ${n0(payments.verifyOnlyPerSecond)}/s`);


  const dashOptions = dashboardOptions(process.argv.slice(2));
  log(`9. the province dashboard vs the raw SQL aggregate, ${n0(dashOptions.records)} records in ${dashOptions.communes} communes (${dashOptions.rounds} rounds, one request at a time)`);
  const { results: dashboards, postgres: dashPostgres } = await measureDashboards(work, dashOptions, log);

  log(`10. document search on ${n0(DOCUMENT_OPTIONS.count)} documents vs the raw query (${DOCUMENT_OPTIONS.rounds} rounds of each query); registrations vs a bare INSERT (${DOCUMENT_OPTIONS.regRounds} rounds of ${DOCUMENT_OPTIONS.regPerRound})`);
  const documents = await measureAllDocuments(work, DOCUMENT_OPTIONS, log);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const figures = [
    BEGIN,
    `Run of ${began.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((Date.now() - began.getTime()) / 1000).toFixed(0)} s in all.`,
    `Machine: nproc ${os.availableParallelism()}, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}, Node ${process.version}; load average ${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0]!.toFixed(2)} at the end${Math.max(loadBefore, os.loadavg()[0]!) > os.availableParallelism() / 2 ? ' (the machine was busy with other work: the figures are noisy)' : ''}.`,
    '',
    '| measure | figure | ratio | goal |',
    '| --- | --- | --- | --- |',
    `| 1. first start (initdb + migrations + seed), median of ${RUNS} | ${s(start.firstMs)} | | |`,
    `| 1. restart on the same DATA_DIR, median of ${RUNS} | ${s(start.restartMs)} | restart/first ${x(start.ratio)} | ≤ 0.50× (proposed) |`,
    `| 2. home page, one-stop officer (${home.bytes} bytes; session, permission, rendering) | ${n0(home.app.rps)} req/s | | |`,
    `| 2. bare Fastify route, same bytes | ${n0(home.bare.rps)} req/s | home/bare ${x(home.ratio)} | ≥ 0.80× |`,
    `| 2. home page, chairman (${leader.bytes} bytes; plus 3 queries: units in reach, account summary, recent activity) | ${n0(leader.app.rps)} req/s | | |`,
    `| 2. bare Fastify route, same bytes | ${n0(leader.bare.rps)} req/s | home/bare ${x(leader.ratio)} | |`,
    ...audits.flatMap((a) => [
      `| 3. plain write, ${a.database} | ${n0(a.plainTps)} tx/s | | |`,
      `| 3. audited write, ${a.database} | ${n0(a.auditedTps)} tx/s | audited/plain ${x(a.ratio)} (+${a.extraMs.toFixed(2)} ms per write) | ≥ 0.50× (proposed) |`,
    ]),
    ...submissions.flatMap((r) => r.figures.flatMap((f) => [
      `| 4. submitApplication over HTTP, ${r.database}, ${f.variant} (${r.concurrency} connections) | ${n0(f.httpPerSecond)} records/s | | |`,
      `| 4. the same rows inserted directly with Kysely (${r.concurrency} concurrent transactions) | ${n0(f.directPerSecond)} records/s | HTTP/direct ${x(f.ratio)} | ${r.database.startsWith('PostgreSQL') ? '≥ 0.60×' : ''} |`,
    ])),
    ...workqueues.flatMap((w) => [
      `| 5. overdue workqueue page over HTTP, ${w.database}, ${n0(w.records)} open records, ${n0(w.overdue)} overdue (${w.concurrency} connections) | ${n0(w.perSecond.page)} pages/s | | |`,
      `| 5. the SQL behind it run directly (overdue count + first page of 30 by due date + the 8 queue counts in 3 statements) | ${n0(w.perSecond.three)} sets/s | page/raw ${x(w.ratio)} | |`,
    ]),
    `| 6. due dates, working-day calendar (\`calendarDeadlines(db).at(t).due\`, calendar cached) | ${n0(due.calendarPerSecond)} /s | | |`,
    `| 6. due dates, Monday–Friday (\`simpleDeadlines.at(t).due\`) | ${n0(due.simplePerSecond)} /s | calendar/simple ${due.ratio.toFixed(2)}× | |`,
    ...signing.figures.flatMap((f) => [
      `| 7. \`openssl speed ${f.algorithm === 'RSA-2048' ? 'rsa2048' : 'ecdsap256'}\`: raw ${f.algorithm} signatures (one core, per second of its CPU time) | ${f.opensslSignPerSecond === null ? 'not measured' : `${n0(f.opensslSignPerSecond)} sign/s`} | | |`,
      `| 7. visible PDF signed, ${f.algorithm}, B-T with the in-process TSA (\`signPdf\`; ${f.signCpuMs.toFixed(1)} ms CPU each) | ${f.signPerSecond.toFixed(1)} PDFs/s | signed/raw ${pct(f.signRatio)} (per CPU second ${pct(f.signCpuRatio)}) | ${f.algorithm === 'RSA-2048' ? '≥ 3 %' : ''} |`,
      `| 7. two-signature B-LT PDF verified, ${f.algorithm} (\`verifyPdf\`; ${f.verifyCpuMs.toFixed(1)} ms CPU each) | ${f.verifyPerSecond.toFixed(1)} PDFs/s | verified/raw ${pct(f.verifyRatio)} (per CPU second ${pct(f.verifyCpuRatio)}) | |`,
    ]),
    `| 8. payment callback verified and settled, ${payments.database} (\`receiveCallback\`: HMAC over the raw body, checks, the settlement transaction) | ${n0(payments.verifiedPerSecond)} callbacks/s | | |`,
    `| 8. the same database update without verification (lock, record paid, payment, audit, callback log) | ${n0(payments.plainPerSecond)} updates/s | verified/plain ${x(payments.ratio)} | |`,
    ...dashboards.flatMap((d: DashboardResult) => {
      const f = d.figures;
      const goal = d.database.startsWith('PostgreSQL') ? '≤ 1.30×' : '';
      return [
        `| 9. province ranking page over HTTP, ${d.database}, this month (${f.provinceMonth.period}; ${d.ranked} units, ${n0(f.provinceMonth.windowRecords)} records in the window of ${n0(d.records)}), median | ${n0(f.provinceMonth.pageMs)} ms | | |`,
        `| 9. the aggregate alone (\`indicatorFactsQuery\`, one statement), same window | ${n0(f.provinceMonth.rawMs)} ms | page/raw ${x(f.provinceMonth.ratio)} | ${goal} |`,
        `| 9. province ranking page, the last 12 months (${f.provinceYear.period}; ${n0(f.provinceYear.windowRecords)} records in the window) | ${n0(f.provinceYear.pageMs)} ms | | |`,
        `| 9. the aggregate alone, same window | ${n0(f.provinceYear.rawMs)} ms | page/raw ${x(f.provinceYear.ratio)} | ${goal} |`,
        `| 9. commune dashboard over HTTP, ${d.communeName} (${n0(f.commune.windowRecords)} records this month): the month, the 12-month trend, 2.2, the workload | ${n0(f.commune.pageMs)} ms | | |`,
        `| 9. its 13 aggregates (the month, 12 months) and the query of 2.2, all at once | ${n0(f.commune.rawMs)} ms | page/raw ${x(f.commune.ratio)} | |`,
      ];
    }),
    ...documents.flatMap((d) => [
      ...d.queries.map((q) => `| 10. document search, ${d.database}, ${n0(d.documents)} documents, "${q.query}" (${q.label}, ${n0(q.matches)} matches): \`searchDocuments\` median (p95) vs the raw query | ${q.useCase.median.toFixed(2)} ms (${q.useCase.p95.toFixed(2)}) vs ${q.raw.median.toFixed(2)} ms (${q.raw.p95.toFixed(2)}) | use case/raw ${x(q.ratio)} | milliseconds |`),
      `| 10. registrations, ${d.database}: \`registerIncomingInTrx\` vs a bare INSERT of the same row and file | ${n0(d.registrations.useCase)} vs ${n0(d.registrations.bare)} /s | use case/bare ${x(d.registrations.ratio)} | |`,
    ]),
    '',
    `Start-time runs: ${start.runs.map((r) => `${s(r.firstMs)} / ${s(r.restartMs)}`).join('; ')} (first / restart).`,
    `Load generator: ${home.generator === 'wrk' ? 'wrk, 1 thread' : 'node:http keep-alive loop in the bench process'}; non-200 responses or socket errors: ${home.app.errors + leader.app.errors} (home pages), ${home.bare.errors + leader.bare.errors} (bare).`,
    `Audit benchmark: ${audits[0]!.transactions} transactions of each kind per database, in 10 alternating rounds after 100 of each as warm-up; the audit chain verified intact afterwards.` +
      (process.env.DATABASE_URL ? '' : ' PostgreSQL: not measured (DATABASE_URL was not set).'),
    `Submission benchmark: medians of ${SUBMISSION_OPTIONS.rounds} alternating rounds of ${SUBMISSION_OPTIONS.roundSeconds} s of each kind after ${SUBMISSION_OPTIONS.warmupSeconds} s of each as warm-up; ` +
      `rounds (records/s, HTTP | direct) and CPU of the bench process per record: ${submissions.flatMap((r) => r.figures.map((f) => `${r.database}, ${f.variant}: ${f.httpRounds.map(n0).join(' ')} | ${f.directRounds.map(n0).join(' ')}, ${f.cpuMsPerRecord.http.toFixed(1)} | ${f.cpuMsPerRecord.direct.toFixed(1)} ms`)).join('; ')}; ` +
      `failed HTTP submissions: ${submissions.reduce((n, r) => n + r.figures.reduce((m, f) => m + f.errors, 0), 0)}; the audit chain verified intact afterwards.` +
      (process.env.DATABASE_URL ? '' : ' PostgreSQL: not measured (DATABASE_URL was not set).'),
    `Workqueue benchmark: medians of ${WORKQUEUE_OPTIONS.rounds} rounds of ${WORKQUEUE_OPTIONS.roundSeconds} s of each kind, rotating, after ${WORKQUEUE_OPTIONS.warmupSeconds} s of each; rounds (pages/s | raw sets/s with the queue counts in 3 statements, as store.ts | in 8 statements | in 1 statement with FILTER) and CPU of the bench process per page | per raw set (3 statements): ` +
      `${workqueues.map((w) => `${w.database}: ${w.rounds.page.map(n0).join(' ')} | ${w.rounds.three.map(n0).join(' ')} | ${w.rounds.eight.map(n0).join(' ')} | ${w.rounds.one.map(n0).join(' ')}, ${w.cpuMs.page.toFixed(1)} | ${w.cpuMs.three.toFixed(1)} ms`).join('; ')}; failed page loads: ${workqueues.reduce((n, w) => n + w.errors, 0)}.` +
      (wqServer ? '' : ' PostgreSQL: not measured (no DATABASE_URL, nothing at 127.0.0.1:5432).'),
    `Due-date benchmark: ${n0(due.receipts)} receipts over 2026, medians of ${due.rounds} alternating rounds (due dates/s, calendar | Monday–Friday): ${due.calendarRounds.map(n0).join(' ')} | ${due.simpleRounds.map(n0).join(' ')}; the calendar's synchronous addDuration alone ${n0(due.pureCalendarPerSecond)}/s; building a 3-year calendar ${due.buildMs.toFixed(2)} ms; ${n0(due.differentDays)} of ${n0(due.receipts)} appointments fall on another day than Monday–Friday counting gives.`,
    `Signing benchmark: medians of ${signing.rounds} rounds of ${signing.roundSeconds} s of each kind and key type, after 1 s of each as warm-up; ${signing.opensslVersion ?? 'openssl not found (no baseline)'}; rounds (PDFs/s, signed | verified | openssl sign/s): ` +
      `${signing.figures.map((f) => `${f.algorithm}: ${f.signRounds.map((v) => v.toFixed(1)).join(' ')} | ${f.verifyRounds.map((v) => v.toFixed(1)).join(' ')} | ${f.opensslRounds.map(n0).join(' ')}`).join('; ')}; ` +
      `PDFs: unsigned ${n0(signing.figures[0]!.unsignedBytes)} bytes, signed ${n0(signing.figures[0]!.signedBytes)}, with two signatures and their DSS ${signing.figures.map((f) => n0(f.twoSignatureBytes)).join(' / ')}. ` +
      `${signing.figures.map(stagesLine).join('. ')}.`,
    `Payment-callback benchmark: ${payments.database}, medians of ${payments.rounds} alternating rounds of ${payments.perRound} fresh pending payments of each kind after 20 of each as warm-up; rounds (per second, verified | plain): ${payments.verifiedRounds.map(n0).join(' ')} | ${payments.plainRounds.map(n0).join(' ')}; the signature check and decoding alone ${n0(payments.verifyOnlyPerSecond)}/s; every payment paid once and the audit chain verified intact afterwards.`,
    `Dashboard benchmark: ${n0(dashOptions.records)} records in ${dashOptions.communes} communes (bench/fill-records.ts) in a new database each, signed in as the provincial supervisor; medians of ${dashOptions.rounds} rounds of one request of each kind, rotating, after ${dashOptions.warmup} of each; the pages' rates checked against the raw counts once. ` +
      `${dashboards.map((d) => `${d.database}: filled in ${s(d.fill.totalMs)} (inserts ${s(d.fill.insertMs)}, VACUUM ANALYZE ${s(d.fill.analyzeMs)}; ${n0(d.fill.files)} component files), load average ${d.load.before.toFixed(2)} → ${d.load.after.toFixed(2)}; ` +
        `rounds (ms, page | raw): month ${d.figures.provinceMonth.pageRounds.map(n0).join(' ')} | ${d.figures.provinceMonth.rawRounds.map(n0).join(' ')}, 12 months ${d.figures.provinceYear.pageRounds.map(n0).join(' ')} | ${d.figures.provinceYear.rawRounds.map(n0).join(' ')}, commune ${d.figures.commune.pageRounds.map(n0).join(' ')} | ${d.figures.commune.rawRounds.map(n0).join(' ')}; ` +
        `medians of the rounds' own ratios ${x(d.figures.provinceMonth.pairedRatio)}, ${x(d.figures.provinceYear.pairedRatio)}, ${x(d.figures.commune.pairedRatio)}; failed page loads ${d.errors}`).join('. ')}.` +
      (dashPostgres ? '' : ' PostgreSQL: not measured (no DATABASE_URL, nothing at 127.0.0.1:5432).'),
    `Document benchmark: ${documents.map((d) => `${d.database}: filled in ${d.fillSeconds.toFixed(0)} s; registration rounds (per second, use case | bare) ${d.registrations.useCaseRounds.map(n0).join(' ')} | ${d.registrations.bareRounds.map(n0).join(' ')}`).join('; ')}.`,
    END,
  ].join('\n');

  const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : `# Performance\n\n${BEGIN}\n${END}\n`;
  const from = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC} lacks the markers ${BEGIN} … ${END}`);
  fs.writeFileSync(DOC, doc.slice(0, from) + figures + doc.slice(to + END.length));
  log(`Figures written to ${path.relative(ROOT, DOC)}.`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
