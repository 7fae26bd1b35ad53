/** Small helpers shared by the benchmarks: loopback HTTP, free ports, child servers, medians. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The benchmarks only ever talk to this address. */
export const HOST = '127.0.0.1';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function request(port: number, o: { method?: string; path: string; headers?: Record<string, string>; body?: string; agent?: http.Agent; timeoutMs?: number }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, method: o.method ?? 'GET', path: o.path, headers: o.headers, agent: o.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout on ${o.path}`)));
    req.on('error', reject);
    req.end(o.body);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `path` until it answers 200; returns the milliseconds since `since`. */
export async function waitFor200(port: number, urlPath: string, since: number, child: ChildProcess, timeoutMs = 120_000): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before answering`);
    const ok = await request(port, { path: urlPath, timeoutMs: 1000 }).then((r) => r.status === 200, () => false);
    if (ok) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no 200 from ${urlPath} within ${timeoutMs} ms`);
}

export interface Child {
  process: ChildProcess;
  port: number;
  /** What the child wrote, for error messages. */
  output(): string;
}

/** Starts `node <args>` with the given environment on top of ours; output is kept, not shown. */
export function spawnNode(args: string[], env: Record<string, string | undefined>, port: number): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (c: Buffer) => { out = (out + c.toString()).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { process: child, port, output: () => out };
}

/** `smart-commune serve` on PGlite in `dataDir`, listening on 127.0.0.1 only. */
export function spawnServe(dataDir: string, port: number): Child {
  return spawnNode(['bin/smart-commune.js', 'serve'], { DATA_DIR: dataDir, PORT: String(port), HOST, LOG_LEVEL: 'warn', DATABASE_URL: '' }, port);
}

/** SIGTERM (the server shuts down cleanly and closes its database), SIGKILL after `graceMs`. */
export async function stop(child: Child, graceMs = 20_000): Promise<void> {
  const p = child.process;
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
