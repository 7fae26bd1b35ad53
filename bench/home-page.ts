/**
 * The signed-in home page through the whole pipeline (session lookup in the database, permission
 * check, layout rendering) vs a bare Fastify route sending the same bytes. Both servers run as child
 * processes; the load comes from this process: `wrk` when it is installed (one thread), else a small
 * keep-alive loop over node:http. Same connections, warm-up and duration for both.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, request, spawnNode, spawnServe, stop, waitFor200 } from './lib.ts';
import type { Child } from './lib.ts';

const PASSWORD = 'demo-commune-2026';

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** 'wrk' or 'node'; default: wrk when it is on the PATH. */
  generator?: 'wrk' | 'node';
}

export interface LoadFigure {
  rps: number;
  /** Responses other than 200, and socket errors: must be 0 for the figure to mean anything. */
  errors: number;
}

export interface HomeResult {
  generator: 'wrk' | 'node';
  bytes: number;
  app: LoadFigure;
  bare: LoadFigure;
  /** app / bare. */
  ratio: number;
}

const execFileAsync = promisify(execFile);

async function hasWrk(): Promise<boolean> {
  return execFileAsync('wrk', ['--version']).then(() => true, (e: { code?: unknown }) => e.code !== 'ENOENT');
}

function cookiesOf(headers: http.IncomingHttpHeaders): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const c of headers['set-cookie'] ?? []) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    jar[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return jar;
}

/** Signs in like a browser; returns the Cookie header of the signed-in session (session + CSRF cookie). */
async function signIn(port: number, login: string): Promise<string> {
  const page = await request(port, { path: '/login' });
  const csrfCookie = cookiesOf(page.headers).sc_csrf;
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1];
  if (!csrfCookie || !token) throw new Error('no CSRF token on /login');
  const form = new URLSearchParams({ _csrf: token, login, password: PASSWORD, next: '/' }).toString();
  const res = await request(port, {
    method: 'POST', path: '/login', body: form,
    headers: { cookie: `sc_csrf=${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const session = cookiesOf(res.headers).sc_session;
  if (res.status !== 303 || !session) throw new Error(`sign-in failed: ${res.status} ${res.body.toString().slice(0, 200)}`);
  return `sc_csrf=${csrfCookie}; sc_session=${session}`;
}

async function wrk(port: number, cookie: string, connections: number, seconds: number): Promise<LoadFigure> {
  const { stdout } = await execFileAsync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-H', `Cookie: ${cookie}`, `http://127.0.0.1:${port}/`]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
  if (!Number.isFinite(rps)) throw new Error(`cannot read wrk output:\n${stdout}`);
  return { rps, errors: non2xx + socketErrors };
}

/** `connections` loops, each one keep-alive connection sending GET / back to back until the deadline. */
async function nodeLoad(port: number, cookie: string, connections: number, seconds: number): Promise<LoadFigure> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const deadline = performance.now() + seconds * 1000;
  let ok = 0;
  let errors = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      const res = await request(port, { path: '/', headers: { cookie }, agent }).catch(() => null);
      if (res?.status === 200) ok++;
      else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: ok / elapsed, errors };
}

async function load(generator: 'wrk' | 'node', port: number, cookie: string, o: LoadOptions): Promise<LoadFigure> {
  const run = generator === 'wrk' ? wrk : nodeLoad;
  await run(port, cookie, o.connections, o.warmupSeconds);
  return run(port, cookie, o.connections, o.seconds);
}

/** Whose home page: a one-stop officer's has no data panels, a chairman's reads three (accounts, activity). */
export interface HomeViewer {
  login: string;
  name: string;
}

/** `dataDir` holds a seeded, stopped database (left by the start-time benchmark). */
export async function measureHomePage(dataDir: string, workDir: string, o: LoadOptions, viewer: HomeViewer): Promise<HomeResult> {
  const generator = o.generator ?? ((await hasWrk()) ? 'wrk' : 'node');
  const children: Child[] = [];
  try {
    const app = spawnServe(dataDir, await freePort());
    children.push(app);
    await waitFor200(app.port, '/healthz', performance.now(), app.process);
    const cookie = await signIn(app.port, viewer.login);
    const home = await request(app.port, { path: '/', headers: { cookie } });
    if (home.status !== 200 || !home.body.toString().includes(viewer.name)) throw new Error(`GET / is not the signed-in home page: ${home.status}`);

    const bodyFile = path.join(workDir, 'home.html');
    fs.writeFileSync(bodyFile, home.body);
    const barePort = await freePort();
    const bare = spawnNode(['--import', 'tsx', 'bench/bare-server.ts', String(barePort), bodyFile, String(home.headers['content-type'])], {}, barePort);
    children.push(bare);
    const check = await waitFor200(bare.port, '/', performance.now(), bare.process).then(() => request(bare.port, { path: '/' }));
    if (!check.body.equals(home.body)) throw new Error('the bare server does not send the same bytes');

    const appFigure = await load(generator, app.port, cookie, o);
    const bareFigure = await load(generator, bare.port, cookie, o);
    return { generator, bytes: home.body.length, app: appFigure, bare: bareFigure, ratio: appFigure.rps / bareFigure.rps };
  } finally {
    for (const c of children) await stop(c);
  }
}
