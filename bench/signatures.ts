/**
 * Visible-signature PDFs signed per second and two-signature PDFs verified per second, in this process, with
 * the real code, against `openssl speed -seconds N rsa2048` (and `ecdsap256`) raw signatures per second
 * measured in the same run, between our rounds (issue #5: signing ≥ 3 % of openssl's RSA signs/s).
 *
 * Set up once, in memory, per key type (RSA-2048, ECDSA P-256; every key of the chain of that type, as an
 * install's `SIGNING_KEY_ALGORITHM` makes them): a test PKI made with the pki part (createRootCa →
 * createProvinceCa → issueOfficialCertificate / issueSealCertificate / issueTsaCertificate, Vietnamese
 * names), the in-process TSA (createLocalTsa over createLocalSigner), the two CAs' current CRLs (issueCrl),
 * and a one-page A4 PDF made with pdf-lib (Vietnamese text in the committed Noto Sans subsets, embedded as
 * the one-stop forms embed them, saved without object streams as they are).
 *   sign:    `signPdf(pdf, …)` on that unsigned PDF, fresh every time: level B-T with the in-process TSA, the
 *            official's visible appearance (the demo blue signature PNG, "Ký bởi: Lường Văn Chính", "Chủ tịch",
 *            the time) in the 230 × 86 pt box sign-documents.ts uses. One PDF after the other. Not included:
 *            the DSS (`addDss`, B-LT) the workflow appends after it; timed separately (stages below);
 *   verify:  `verifyPdf(pdf, { trustRoots: [root], crls: [the two current CRLs] })` of one two-signature PDF
 *            built once as the workflow builds it (official B-T + DSS, then the seal B-T over it + DSS):
 *            byte ranges, digests, signatures, ESS, chains, revocation, both timestamps, and the revision
 *            diff (each signed revision rebuilt from the one parse, verify/pdf-load.ts). The report is checked
 *            valid, B-LT, before the rounds;
 *   openssl: `openssl speed -seconds N rsa2048` / `ecdsap256` in a child process (our process waits);
 *            its `sign/s` column (openssl counts per second of its own user CPU time, so load from elsewhere
 *            hardly moves it; our rates are per wall-clock second, so the ratio is conservative on a busy
 *            machine: our rates per CPU second are reported too).
 * 1 s of sign and of verify per key type as warm-up, then `BENCH_SIGN_ROUNDS` (5) rounds; in each, both key
 * types (order alternating) and for each the three kinds in rotating order, `BENCH_SIGN_SECONDS` (2 s) each
 * (openssl spends that on sign and again on verify). Medians of the rounds. Ratios: ours / openssl sign/s of
 * the same key type.
 *
 * Then where the time goes, per key type: signPdf taken apart into its steps (the same functions, in the
 * order sign-pdf.ts calls them), CPU ms of this process, median of 15: parse (IncrementalUpdate.load), appearance
 * (buildAppearance: font and PNG registered, the PNG's objects made from png-image.ts's cache, text laid out),
 * embed (doc.flush: the font becomes objects), write (the incremental update), the CMS (fillSignature: hashing,
 * DER assembly, hex) apart from the raw signature (Signer.sign) and the timestamp (the TSA's token, its own
 * signature included), and addDss; also the font alone and the PNG alone through pdf-lib's own embedders (as
 * appearance.ts embedded them until 2026-11-28), and the parse verifyPdf makes. BENCH_SIGN_PROFILE=1 adds a V8
 * CPU profile of each kind (self time by package).
 *
 * Part of `npm run bench` (bench/run.ts); on its own: node --import tsx bench/signatures.ts
 *   BENCH_SIGN_ROUNDS=5 BENCH_SIGN_SECONDS=2 BENCH_SIGN_PROFILE=1
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Session } from 'node:inspector/promises';
import { PDFDocument, rgb } from 'pdf-lib';
import type { KeyAlgorithm, Signer, TimestampAuthority } from '../src/modules/signatures/domain/ports.ts';
import { addDss, IncrementalUpdate, signPdf, type OfficialAppearance, type SignPdfOptions } from '../src/modules/signatures/pades/index.ts';
import { buildAppearance } from '../src/modules/signatures/pades/appearance.ts';
import { buildCms } from '../src/modules/signatures/pades/cms.ts';
import { addSignatureField, DEFAULT_CONTENTS_SIZE, fillSignature, locateField, signatureDictionary } from '../src/modules/signatures/pades/placeholder.ts';
import {
  createLocalSigner, createLocalTsa, createProvinceCa, createRootCa, issueCrl, issueOfficialCertificate, issueSealCertificate, issueTsaCertificate,
} from '../src/modules/signatures/pki/index.ts';
import type { CertifiedKey } from '../src/modules/signatures/pki/index.ts';
import { verifyPdf } from '../src/modules/signatures/verify/index.ts';
import { parsePdf } from '../src/modules/signatures/verify/pdf-load.ts';
import { cachingFontkit, loadFont } from '../src/platform/pdf/fonts.ts';
import { repairEmbedder } from '../src/platform/pdf/font-embedder.ts';
import { demoSealPng, demoSignaturePng } from '../src/seed/demo-images.ts';
import { median } from './lib.ts';

const run = promisify(execFile);

export interface SigningOptions {
  rounds: number;
  roundSeconds: number;
  /** Per kind and key type, before the rounds. */
  warmupSeconds: number;
  /** A V8 CPU profile of each kind after the rounds (self time by package). */
  profile: boolean;
}

export const SIGNING_OPTIONS: SigningOptions = {
  rounds: Number(process.env.BENCH_SIGN_ROUNDS ?? 5),
  roundSeconds: Number(process.env.BENCH_SIGN_SECONDS ?? 2),
  warmupSeconds: 1,
  profile: process.env.BENCH_SIGN_PROFILE === '1',
};

/**
 * Median CPU milliseconds of this process (user + system, every thread: the signatures made in libuv's pool
 * included) for each step of one signature (see the file comment); CPU rather than wall-clock time, since the
 * latter mostly measures other work when the machine is busy.
 */
export interface Stages {
  parse: number;
  appearance: number;
  field: number;
  embed: number;
  write: number;
  cms: number;
  rawSign: number;
  timestamp: number;
  /** The steps above together, taken apart. */
  sum: number;
  /** signPdf in one call, in the same loop. */
  whole: number;
  /** The same, wall-clock ms. */
  wholeWall: number;
  /** addDss after it (what the workflow adds for B-LT). */
  dss: number;
  /** The font file embedded alone through pdf-lib (doc.embedFont subset:false + flush), as appearance.ts did until 2026-11-28. */
  fontOnly: number;
  /** The same with the one-stop forms' embedder (font file deflated once per process, font-embedder.ts): what appearance.ts uses. */
  fontPredeflated: number;
  /** The PNG embedded alone through pdf-lib (doc.embedPng + flush), without png-image.ts's cache. */
  pngOnly: number;
  /** verifyPdf's one parse of the two-signature PDF (parsePdf: the final file, and what rebuilds the signed revisions). */
  verifyParses: number;
  /** verifyPdf in one call, in the same loop. */
  verifyWhole: number;
  verifyWholeWall: number;
}

export interface AlgorithmFigures {
  algorithm: KeyAlgorithm;
  /** Median round, visible B-T PDFs signed per wall-clock second. */
  signPerSecond: number;
  /** Median round, two-signature PDFs verified per wall-clock second. */
  verifyPerSecond: number;
  signRounds: number[];
  verifyRounds: number[];
  /** Median round, CPU milliseconds of this process (user + system, every thread) per PDF. */
  signCpuMs: number;
  verifyCpuMs: number;
  /** openssl speed, median round: raw signatures (and verifications) per second of its user CPU time; null without openssl. */
  opensslSignPerSecond: number | null;
  opensslVerifyPerSecond: number | null;
  opensslRounds: number[];
  /** ours / openssl sign/s of the same key type (wall clock); null without openssl. */
  signRatio: number | null;
  verifyRatio: number | null;
  /** The same per CPU second of ours (like for like with openssl's accounting). */
  signCpuRatio: number | null;
  verifyCpuRatio: number | null;
  unsignedBytes: number;
  signedBytes: number;
  twoSignatureBytes: number;
  stages: Stages;
  profiles?: { sign: ProfileSummary; verify: ProfileSummary };
}

export interface SigningResult {
  rounds: number;
  roundSeconds: number;
  cpu: string;
  nproc: number;
  loadBefore: number;
  loadAfter: number;
  opensslVersion: string | null;
  seconds: number;
  figures: AlgorithmFigures[];
}

// --- the fixtures -----------------------------------------------------------------------------------------

const YEAR_MS = 365.25 * 86400_000;
/** authorities.ts TSA_POLICY (not imported: that file brings the database layer along). */
const TSA_POLICY = '1.3.6.1.4.1.55555.1.1';
const UNIT = 'Ủy ban nhân dân xã Mường Đăng';
const PROVINCE = 'Điện Biên';
/** sign-documents.ts OFFICIAL_BOX, bottom right of an A4 page. */
const OFFICIAL_RECT = { x: 595.28 - 40 - 230, y: 60, width: 230, height: 86 };

interface Pki {
  root: CertifiedKey;
  official: Signer;
  seal: Signer;
  tsa: TimestampAuthority;
  tsaCertificate: Uint8Array;
  crls: Uint8Array[];
}

async function makePki(algorithm: KeyAlgorithm): Promise<Pki> {
  const now = Date.now();
  const validity = (years: number) => ({ notBefore: new Date(now - 3600_000), notAfter: new Date(now + years * YEAR_MS) });
  const base = 'http://127.0.0.1/pki';
  const root = await createRootCa({ algorithm, commonName: `Root CA tỉnh ${PROVINCE}`, organization: `UBND tỉnh ${PROVINCE}`, validity: validity(20) });
  const provinceCa = await createProvinceCa({
    issuer: root, algorithm, commonName: `CA tỉnh ${PROVINCE}`, organization: `UBND tỉnh ${PROVINCE}`, province: PROVINCE, validity: validity(10),
    crlUrl: `${base}/root.crl`, caIssuersUrl: `${base}/root.crt`,
  });
  const endEntity = { issuer: provinceCa, algorithm, validity: validity(2), crlUrl: `${base}/province-ca.crl`, caIssuersUrl: `${base}/province-ca.crt` };
  const official = await issueOfficialCertificate({ ...endEntity, fullName: 'Lường Văn Chính', title: 'Chủ tịch', unitName: UNIT, department: 'Lãnh đạo', province: PROVINCE });
  const seal = await issueSealCertificate({ ...endEntity, unitName: UNIT, province: PROVINCE });
  const tsaKey = await issueTsaCertificate({ ...endEntity, validity: validity(10), commonName: `TSA tỉnh ${PROVINCE}`, organization: `UBND tỉnh ${PROVINCE}` });
  const chain = [provinceCa.certificate, root.certificate];
  const signer = (k: CertifiedKey) => createLocalSigner({ ...k, chain });
  const crl = (issuer: CertifiedKey) => issueCrl({ issuer, crlNumber: 1n, thisUpdate: new Date(now - 60_000), nextUpdate: new Date(now + 86400_000), revoked: [] });
  return {
    root,
    official: signer(official),
    seal: signer(seal),
    tsa: createLocalTsa({ signer: signer(tsaKey), policy: TSA_POLICY }),
    tsaCertificate: tsaKey.certificate,
    crls: [crl(root), crl(provinceCa)],
  };
}

/** A one-page A4 result, as the one-stop forms make them: Noto Sans subsets embedded whole, no object streams. */
async function unsignedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(cachingFontkit);
  const embed = async (style: 'regular' | 'bold') => repairEmbedder(await doc.embedFont(loadFont(style).bytes, { subset: false }), loadFont(style));
  const [regular, bold] = [await embed('regular'), await embed('bold')];
  const page = doc.addPage([595.28, 841.89]);
  const black = rgb(0, 0, 0);
  const centre = (text: string, y: number, size: number, font = bold) =>
    page.drawText(text, { x: (595.28 - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color: black });
  centre('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 780, 12);
  centre('Độc lập - Tự do - Hạnh phúc', 764, 12);
  page.drawText(UNIT.toUpperCase(), { x: 60, y: 730, size: 11, font: bold, color: black });
  centre('GIẤY CHỨNG NHẬN ĐĂNG KÝ KẾT HÔN', 680, 15);
  const body = [
    'Họ và tên chồng: Lò Văn Hùng; ngày sinh: 12/03/1998; dân tộc: Thái; quốc tịch: Việt Nam.',
    'Nơi cư trú: bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên.',
    'Họ và tên vợ: Quàng Thị Duyên; ngày sinh: 05/09/2000; dân tộc: Thái; quốc tịch: Việt Nam.',
    'Nơi cư trú: bản Co Đứa, xã Mường Đăng, tỉnh Điện Biên.',
    'Đăng ký kết hôn tại: Ủy ban nhân dân xã Mường Đăng; số: 41; quyển số: 01/2026.',
    'Ngày đăng ký: 28 tháng 11 năm 2026. Mã hồ sơ: H11.35.01-261128-0001.',
  ];
  body.forEach((line, i) => page.drawText(line, { x: 60, y: 630 - i * 22, size: 11, font: regular, color: black }));
  page.drawText('CHỦ TỊCH', { x: OFFICIAL_RECT.x + 80, y: OFFICIAL_RECT.y + OFFICIAL_RECT.height + 30, size: 12, font: bold, color: black });
  return doc.save({ useObjectStreams: false });
}

const officialAppearance = (image: Uint8Array): OfficialAppearance => ({ kind: 'official', rect: OFFICIAL_RECT, image, name: 'Lường Văn Chính', title: 'Chủ tịch' });

function signOptions(pki: Pki, image: Uint8Array): SignPdfOptions {
  return { signer: pki.official, fieldName: 'ChuKyNguoiCoThamQuyen', level: 'B-T', tsa: pki.tsa, signingTime: new Date(), appearance: officialAppearance(image) };
}

/** What sign-documents.ts does per signature after signPdf: the DSS with the chain, the TSA and the current CRLs. */
const dssFor = (pki: Pki, signer: Signer) => ({ certificates: [signer.certificate, ...signer.chain, pki.tsaCertificate], crls: pki.crls });

async function twoSignaturePdf(pki: Pki, unsigned: Uint8Array, signatureImage: Uint8Array, sealImage: Uint8Array): Promise<Uint8Array> {
  let pdf = await signPdf(unsigned, signOptions(pki, signatureImage));
  pdf = await addDss(pdf, dssFor(pki, pki.official));
  pdf = await signPdf(pdf, {
    signer: pki.seal, fieldName: 'ChuKyCoQuan', level: 'B-T', tsa: pki.tsa, signingTime: new Date(),
    appearance: { kind: 'seal', image: sealImage, agencyName: UNIT, over: 'ChuKyNguoiCoThamQuyen' },
  });
  return addDss(pdf, dssFor(pki, pki.seal));
}

// --- openssl speed ----------------------------------------------------------------------------------------

let opensslChecked: Promise<string | null> | undefined;
function opensslVersion(): Promise<string | null> {
  return (opensslChecked ??= run('openssl', ['version']).then((r) => r.stdout.trim(), () => null));
}

/** Reads the `sign/s` and `verify/s` columns of `openssl speed`'s summary table (1.1, 3.0 and 3.2+ layouts). */
export function parseOpensslSpeed(stdout: string): { sign: number; verify: number } {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => /\bsign\/s\b/.test(l));
  const header = lines[at]?.trim().split(/\s+/) ?? [];
  const row = lines.slice(at + 1).find((l) => l.trim() !== '')?.trim().split(/\s+/) ?? [];
  const values = row.slice(row.length - header.length);
  const sign = Number(values[header.indexOf('sign/s')]);
  const verify = Number(values[header.indexOf('verify/s')]);
  if (at < 0 || !(sign > 0) || !(verify > 0)) throw new Error(`cannot read sign/s from openssl speed:\n${stdout}`);
  return { sign, verify };
}

async function opensslSpeed(algorithm: KeyAlgorithm, seconds: number): Promise<{ sign: number; verify: number }> {
  // openssl takes whole seconds only.
  const { stdout } = await run('openssl', ['speed', '-seconds', String(Math.max(1, Math.round(seconds))), algorithm === 'RSA-2048' ? 'rsa2048' : 'ecdsap256'], { maxBuffer: 1 << 20 });
  return parseOpensslSpeed(stdout);
}

// --- timing -----------------------------------------------------------------------------------------------

interface Rate {
  perSecond: number;
  cpuMs: number;
}

/** Runs `once` back to back for `seconds` (at least once): per wall-clock second, and CPU ms of the process per call. */
async function timed(seconds: number, once: () => Promise<unknown>): Promise<Rate> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  do {
    await once();
    n++;
  } while (performance.now() - t0 < seconds * 1000);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: n / (wall / 1000), cpuMs: (cpu.user + cpu.system) / 1000 / n };
}

/** CPU milliseconds of this process so far (user + system, all threads). */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** signPdf taken apart: the same calls as sign-pdf.ts, each step timed; and the whole call, alternating. */
async function measureStages(pki: Pki, unsigned: Uint8Array, signatureImage: Uint8Array, twoSignatures: Uint8Array, iterations: number): Promise<Stages> {
  const samples: Record<keyof Stages, number[]> = {
    parse: [], appearance: [], field: [], embed: [], write: [], cms: [], rawSign: [], timestamp: [], sum: [], whole: [], wholeWall: [], dss: [],
    fontOnly: [], fontPredeflated: [], pngOnly: [], verifyParses: [], verifyWhole: [], verifyWholeWall: [],
  };
  const signer: Signer = {
    algorithm: pki.official.algorithm, certificate: pki.official.certificate, chain: pki.official.chain,
    async sign(data) {
      const t = cpuMs();
      const s = await pki.official.sign(data);
      samples.rawSign.push(cpuMs() - t);
      return s;
    },
  };
  const tsa: TimestampAuthority = {
    async timestamp(digest) {
      const t = cpuMs();
      const token = await pki.tsa.timestamp(digest);
      samples.timestamp.push(cpuMs() - t);
      return token;
    },
  };
  const fontBytes = loadFont('regular').bytes;
  for (let i = 0; i < iterations; i++) {
    const signingTime = new Date();
    let t = cpuMs();
    const update = await IncrementalUpdate.load(unsigned);
    samples.parse.push(cpuMs() - t);
    const { doc, context } = update;
    t = cpuMs();
    const placed = await buildAppearance(doc, officialAppearance(signatureImage), signingTime, (field) => locateField(update, field));
    samples.appearance.push(cpuMs() - t);
    t = cpuMs();
    const signatureRef = context.nextRef();
    const placeholder = signatureDictionary({ signingTime, contentsSize: DEFAULT_CONTENTS_SIZE });
    update.addRaw(signatureRef, placeholder.bytes);
    addSignatureField(update, { fieldName: 'ChuKyNguoiCoThamQuyen', pageIndex: placed.pageIndex, rect: placed.rect, appearance: placed.stream, signature: signatureRef });
    samples.field.push(cpuMs() - t);
    t = cpuMs();
    await doc.flush();
    samples.embed.push(cpuMs() - t);
    t = cpuMs();
    const { bytes, offsets } = update.write();
    samples.write.push(cpuMs() - t);
    const at = offsets.get(signatureRef.objectNumber)! + `${signatureRef.objectNumber} 0 obj\n`.length;
    t = cpuMs();
    await fillSignature(bytes, at + placeholder.byteRangeAt, at + placeholder.contentsAt, (contentDigest) => buildCms({ signer, contentDigest, tsa }));
    samples.cms.push(cpuMs() - t - samples.rawSign.at(-1)! - samples.timestamp.at(-1)!);

    t = cpuMs();
    let wall = performance.now();
    const signed = await signPdf(unsigned, { ...signOptions(pki, signatureImage), signingTime });
    samples.whole.push(cpuMs() - t);
    samples.wholeWall.push(performance.now() - wall);
    if (Math.abs(signed.length - bytes.length) > 64) throw new Error(`the steps made ${bytes.length} bytes, signPdf ${signed.length}: the bench no longer follows sign-pdf.ts`);
    t = cpuMs();
    await addDss(signed, dssFor(pki, pki.official));
    samples.dss.push(cpuMs() - t);

    for (const [key, predeflate] of [['fontOnly', false], ['fontPredeflated', true]] as const) {
      const d = await PDFDocument.load(unsigned, { updateMetadata: false });
      d.registerFontkit(cachingFontkit);
      t = cpuMs();
      const font = await d.embedFont(fontBytes, { subset: false });
      if (predeflate) repairEmbedder(font, loadFont('regular'));
      font.encodeText('Ký bởi: Lường Văn Chính Chủ tịch Thời gian: 2026-11-28T18:56:35+07:00');
      await d.flush();
      samples[key].push(cpuMs() - t);
    }
    const d = await PDFDocument.load(unsigned, { updateMetadata: false });
    t = cpuMs();
    await d.embedPng(signatureImage);
    await d.flush();
    samples.pngOnly.push(cpuMs() - t);

    t = cpuMs();
    await parsePdf(twoSignatures);
    samples.verifyParses.push(cpuMs() - t);
    t = cpuMs();
    wall = performance.now();
    await verifyPdf(twoSignatures, { trustRoots: [pki.root.certificate], crls: pki.crls });
    samples.verifyWhole.push(cpuMs() - t);
    samples.verifyWholeWall.push(performance.now() - wall);
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.length ? median(v) : 0])) as unknown as Stages;
  m.sum = m.parse + m.appearance + m.field + m.embed + m.write + m.cms + m.rawSign + m.timestamp;
  return m;
}

// --- profile ----------------------------------------------------------------------------------------------

export interface ProfileSummary {
  samples: number;
  /** Share of self time by package / our folder / V8 category, largest first. */
  byPackage: Array<{ name: string; share: number }>;
  /** The functions with the most self time. */
  topFunctions: Array<{ name: string; share: number }>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function packageOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : 'native / V8 builtins';
  const module = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1);
  if (module) return module[1]!;
  const ours = /\/src\/(modules\/[^/]+\/[^/]+|[^/]+)\//.exec(url);
  if (ours) return `src/${ours[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

async function profile(seconds: number, once: () => Promise<unknown>): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    await timed(seconds, once);
    const { profile: p } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
    const byPackage = new Map<string, number>();
    const byFunction = new Map<string, number>();
    let total = 0;
    for (const node of p.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      total += hits;
      const pkg = packageOf(node.callFrame);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
      const fn = `${node.callFrame.functionName || '(anonymous)'} (${pkg}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''})`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    }
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, hits]) => ({ name, share: hits / total }));
    return { samples: total, byPackage: top(byPackage, 10), topFunctions: top(byFunction, 10) };
  } finally {
    session.disconnect();
  }
}

// --- the benchmark ----------------------------------------------------------------------------------------

/** A ratio as a percentage: two decimals, or two significant digits below 0.1 %. */
export function percent(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  const p = ratio * 100;
  return `${p >= 0.1 ? p.toFixed(2) : p.toPrecision(2)} %`;
}
const pct = percent;
const f1 = (v: number) => v.toFixed(1);

interface Setup {
  algorithm: KeyAlgorithm;
  pki: Pki;
  sign: () => Promise<Uint8Array>;
  verify: () => Promise<unknown>;
  twoSignatures: Uint8Array;
  signedBytes: number;
  rounds: { sign: Rate[]; verify: Rate[]; openssl: Array<{ sign: number; verify: number }> };
}

export async function measureSigning(o: SigningOptions, log: (line: string) => void): Promise<SigningResult> {
  const began = performance.now();
  const loadBefore = os.loadavg()[0]!;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const version = await opensslVersion();
  log(`  ${os.availableParallelism()} × ${cpu}, load average ${loadBefore.toFixed(2)}; ${version ?? 'openssl not found: no baseline, no ratios'}`);

  const signatureImage = demoSignaturePng();
  const sealImage = demoSealPng();
  const unsigned = await unsignedPdf();
  const setups: Setup[] = [];
  for (const algorithm of ['RSA-2048', 'ECDSA-P256'] as const) {
    const pki = await makePki(algorithm);
    const twoSignatures = await twoSignaturePdf(pki, unsigned, signatureImage, sealImage);
    const options = { trustRoots: [pki.root.certificate], crls: pki.crls };
    // Checked once: what is measured must be what it claims to be.
    const report = await verifyPdf(twoSignatures, options);
    if (report.status !== 'valid' || report.signatures.length !== 2 || report.signatures.some((s) => s.level !== 'B-LT')) {
      throw new Error(`${algorithm}: the two-signature PDF does not verify as two valid B-LT signatures: ${JSON.stringify(report.signatures.map((s) => [s.status, s.level, s.checks]))}`);
    }
    const one = await signPdf(unsigned, signOptions(pki, signatureImage));
    const oneReport = await verifyPdf(one, options);
    if (oneReport.status !== 'valid' || oneReport.signatures[0]?.level !== 'B-T') throw new Error(`${algorithm}: a signed PDF does not verify as a valid B-T signature`);
    setups.push({
      algorithm, pki, twoSignatures, signedBytes: one.length,
      sign: () => signPdf(unsigned, signOptions(pki, signatureImage)),
      verify: () => verifyPdf(twoSignatures, options),
      rounds: { sign: [], verify: [], openssl: [] },
    });
  }
  log(`  fixtures: unsigned ${unsigned.length} bytes, signed once ${setups.map((s) => `${s.signedBytes} (${s.algorithm})`).join(', ')}, two signatures + DSS ${setups.map((s) => `${s.twoSignatures.length}`).join(' / ')} bytes; all verified valid`);

  for (const s of setups) {
    await timed(o.warmupSeconds, s.sign);
    await timed(o.warmupSeconds, s.verify);
  }
  for (let r = 0; r < o.rounds; r++) {
    const order = r % 2 === 0 ? setups : [...setups].reverse();
    for (const s of order) {
      const kinds = ['openssl', 'sign', 'verify'] as const;
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(k + r) % kinds.length]!;
        if (kind === 'openssl') {
          if (version) s.rounds.openssl.push(await opensslSpeed(s.algorithm, o.roundSeconds));
        } else {
          s.rounds[kind].push(await timed(o.roundSeconds, kind === 'sign' ? s.sign : s.verify));
        }
      }
      const last = <T>(a: T[]) => a.at(-1);
      log(`  round ${r + 1}, ${s.algorithm}: signed ${f1(last(s.rounds.sign)!.perSecond)}/s, verified ${f1(last(s.rounds.verify)!.perSecond)}/s` +
        (version ? `, openssl ${Math.round(last(s.rounds.openssl)!.sign)} sign/s` : '') + `; load ${os.loadavg()[0]!.toFixed(2)}`);
    }
  }

  const figures: AlgorithmFigures[] = [];
  for (const s of setups) {
    const stages = await measureStages(s.pki, unsigned, signatureImage, s.twoSignatures, 15);
    const signPerSecond = median(s.rounds.sign.map((x) => x.perSecond));
    const verifyPerSecond = median(s.rounds.verify.map((x) => x.perSecond));
    const signCpuMs = median(s.rounds.sign.map((x) => x.cpuMs));
    const verifyCpuMs = median(s.rounds.verify.map((x) => x.cpuMs));
    const osSign = version ? median(s.rounds.openssl.map((x) => x.sign)) : null;
    const osVerify = version ? median(s.rounds.openssl.map((x) => x.verify)) : null;
    const ratio = (ours: number) => (osSign ? ours / osSign : null);
    figures.push({
      algorithm: s.algorithm, signPerSecond, verifyPerSecond,
      signRounds: s.rounds.sign.map((x) => x.perSecond), verifyRounds: s.rounds.verify.map((x) => x.perSecond),
      signCpuMs, verifyCpuMs,
      opensslSignPerSecond: osSign, opensslVerifyPerSecond: osVerify, opensslRounds: s.rounds.openssl.map((x) => x.sign),
      signRatio: ratio(signPerSecond), verifyRatio: ratio(verifyPerSecond),
      signCpuRatio: ratio(1000 / signCpuMs), verifyCpuRatio: ratio(1000 / verifyCpuMs),
      unsignedBytes: unsigned.length, signedBytes: s.signedBytes, twoSignatureBytes: s.twoSignatures.length,
      stages,
      ...(o.profile ? { profiles: { sign: await profile(o.roundSeconds, s.sign), verify: await profile(o.roundSeconds, s.verify) } } : {}),
    });
  }
  return {
    rounds: o.rounds, roundSeconds: o.roundSeconds, cpu, nproc: os.availableParallelism(), loadBefore, loadAfter: os.loadavg()[0]!,
    opensslVersion: version, seconds: (performance.now() - began) / 1000, figures,
  };
}

/** One line per key type: the medians and ratios. */
export function summary(f: AlgorithmFigures): string {
  return `${f.algorithm}: signed ${f1(f.signPerSecond)} PDFs/s (${f1(f.signCpuMs)} ms CPU each), verified ${f1(f.verifyPerSecond)} PDFs/s (${f1(f.verifyCpuMs)} ms CPU each); ` +
    (f.opensslSignPerSecond === null ? 'openssl: not measured' : `openssl speed ${Math.round(f.opensslSignPerSecond)} sign/s, ${Math.round(f.opensslVerifyPerSecond!)} verify/s; signed/raw ${pct(f.signRatio)}, verified/raw ${pct(f.verifyRatio)} (per CPU second: ${pct(f.signCpuRatio)}, ${pct(f.verifyCpuRatio)})`);
}

/** Where one signature's time goes, in ms. */
export function stagesLine(f: AlgorithmFigures): string {
  const s = f.stages;
  return `${f.algorithm}, one signature (CPU ms, median of 15): parse ${f1(s.parse)}, appearance ${f1(s.appearance)}, field ${f1(s.field)}, embed font + PNG ${f1(s.embed)}, write ${f1(s.write)}, ` +
    `CMS ${f1(s.cms)}, raw signature ${f1(s.rawSign)}, timestamp ${f1(s.timestamp)}; sum ${f1(s.sum)}, signPdf whole ${f1(s.whole)} (${f1(s.wholeWall)} ms wall); then addDss ${f1(s.dss)}. ` +
    `Alone: font ${f1(s.fontOnly)} (${f1(s.fontPredeflated)} pre-deflated), PNG ${f1(s.pngOnly)}. Verify whole ${f1(s.verifyWhole)} (${f1(s.verifyWholeWall)} ms wall), of which its parse ${f1(s.verifyParses)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(line);
  log(`visible-signature PDFs signed and verified per second vs openssl speed (${SIGNING_OPTIONS.rounds} rounds of ${SIGNING_OPTIONS.roundSeconds} s of each kind)`);
  const r = await measureSigning(SIGNING_OPTIONS, log);
  for (const f of r.figures) {
    log(`rounds ${f.algorithm}: signed ${f.signRounds.map(f1).join(' ')} | verified ${f.verifyRounds.map(f1).join(' ')} | openssl sign/s ${f.opensslRounds.map((x) => Math.round(x)).join(' ')}`);
    log(`median ${summary(f)}`);
    log(stagesLine(f));
    if (f.profiles) {
      for (const [kind, p] of Object.entries(f.profiles)) {
        log(`profile ${f.algorithm} ${kind} (${p.samples} samples), self time by package: ${p.byPackage.map((x) => `${x.name} ${(x.share * 100).toFixed(0)} %`).join(', ')}`);
        log(`  top functions: ${p.topFunctions.map((x) => `${x.name} ${(x.share * 100).toFixed(1)} %`).join('; ')}`);
      }
    }
  }
  log(`${r.seconds.toFixed(0)} s in all; ${r.nproc} × ${r.cpu}; load average ${r.loadBefore.toFixed(2)} at the start, ${r.loadAfter.toFixed(2)} at the end`);
}
