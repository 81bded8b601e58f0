// Starts the real stack for the browser suite: the function app on its lean host (serving ui/dist) with a temp
// SQLite store, one worker host, both on the test Redis (HYDRA_TEST_REDIS) under a unique key prefix.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const repo = resolve(import.meta.dirname, '..', '..');

function dll(project, name) {
  for (const config of ['Release', 'Debug']) {
    const path = join(repo, project, 'bin', config, 'net10.0', `${name}.dll`);
    if (existsSync(path)) return path;
  }
  throw new Error(`${project}/bin/{Release,Debug}/net10.0/${name}.dll is missing: build the solution first (dotnet build -c Release).`);
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export async function startStack({ logDir }) {
  const redis = process.env.HYDRA_TEST_REDIS;
  if (!redis) throw new Error('HYDRA_TEST_REDIS (host:port of a running Redis) is not set: run through scripts/test.sh, or start one with scripts/services.sh start DIR and source DIR/env.');
  const uiDir = join(repo, 'ui', 'dist');
  if (!existsSync(join(uiDir, 'index.html'))) throw new Error('ui/dist is not built: run npm run build in ui/.');

  const dir = mkdtempSync(join(tmpdir(), 'hydra-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const adminToken = randomBytes(24).toString('hex');
  const prefix = `e2e_${randomBytes(6).toString('hex')}`;
  const workerId = `e2e-worker-${randomBytes(3).toString('hex')}`;
  const common = { ...process.env, REDIS_URL: `redis://${redis}`, HYDRA_REDIS_PREFIX: prefix, DOTNET_ENVIRONMENT: 'Production', LOG_LEVEL: 'Warning' };
  const children = [];

  const launch = (name, args, env) => {
    const child = spawn('dotnet', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(join(logDir, `${name}.log`));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    children.push(child);
    return child;
  };

  launch('function-app', [dll('functions', 'Hydra.Functions')], {
    ...common,
    HYDRA_URLS: base,
    HYDRA_STORE: `sqlite://${join(dir, 'hydra.db')}`,
    ADMIN_TOKEN: adminToken,
    HYDRA_UI_DIR: uiDir,
    FUNCTIONS_CUSTOMHANDLER_PORT: '',
    HYDRA_SECRETS_KEY: randomBytes(32).toString('hex'),
    // On first start the app creates the bootstrap domain (where the admin acts by default) and writes its token here.
    HYDRA_BOOTSTRAP_DOMAIN: 'prod',
    HYDRA_BOOTSTRAP_TOKEN_FILE: join(dir, 'domain-token'),
  });
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => { const t = setTimeout(() => { c.kill('SIGKILL'); r(); }, 8000); c.on('exit', () => { clearTimeout(t); r(); }); }))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until('the function app to answer /api/health', async () => (await fetch(`${base}/api/health`)).ok, 60000);
    launch('worker-host', [dll('worker-host', 'Hydra.WorkerHost')], {
      ...common,
      WORKER_ID: workerId,
      WORKER_DOMAIN: 'prod',
      WORKER_DOMAIN_TOKEN: readFileSync(join(dir, 'domain-token'), 'utf8').trim(),
      MAX_CONCURRENCY: '4',
      HEARTBEAT_SECONDS: '1',
      SHUTDOWN_GRACE_SECONDS: '2',
    });
    const headers = { 'x-api-key': adminToken };
    await until('the worker to register', async () => {
      const workers = await (await fetch(`${base}/api/workers`, { headers })).json();
      return Array.isArray(workers) && workers.some((w) => w.worker_id === workerId && w.status === 'online');
    }, 60000);
  } catch (e) {
    await stop();
    throw e;
  }

  const api = async (method, path, body) => {
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers: { 'x-api-key': adminToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
  };
  return { base, adminToken, workerId, api, until, stop };
}
