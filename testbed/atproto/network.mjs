// A local ATProto network on loopback for Waddle's integration tests:
// an in-memory PLC directory, one PDS, and a small control endpoint.
//
// Usage: node network.mjs [--plc-port N] [--pds-port N] [--control-port N] [--data-dir DIR]
// (or BED_PLC_PORT, BED_PDS_PORT, BED_CONTROL_PORT, BED_DATA_DIR). Port 0 (the default) picks a free port.
// BED_LOOPBACK_NAMES=a.example.net,b.example.net: host names that resolve to 127.0.0.1 inside this process only,
// so the PDS can fetch a confidential OAuth client's metadata from a test server (whose certificate the caller
// hands to Node with NODE_EXTRA_CA_CERTS): the OAuth provider refuses IP addresses, loopback and reserved names
// (.test, .local, .localhost, .example) in such a client's URLs.
//
// stdout carries exactly one line, once everything listens:
//   {"ready":true,"plcUrl":…,"pdsUrl":…,"pdsLoopbackUrl":…,"controlUrl":…,"dataDir":…,"pid":…}
// Logs go to stderr. The process exits on SIGTERM, SIGINT or when stdin closes (--watch-stdin false turns
// the last off, for a run by hand in the background).
//
// PLC:     GET /<did>         today's plc.directory DID document (Multikey, absolute #atproto id)
//          GET /legacy/<did>  the shape @did-plc/server@0.0.1 renders itself
//          anything else      passed through to @did-plc/server
// Control: GET  /_bed/status         {pdsRunning, counts}
//          GET  /_bed/counts         {"com.atproto.server.createSession": n, …} (XRPC calls the PDS received)
//          POST /_bed/counts/reset   zeroes the counts
//          POST /_bed/pds/stop       closes the PDS: its port refuses connections
//          POST /_bed/pds/start      starts it again on the same port, data directory and keys

import dns from 'node:dns'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'

const LOOPBACK = '127.0.0.1'

const loopbackNames = new Set(
  (process.env.BED_LOOPBACK_NAMES ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean),
)
if (loopbackNames.size > 0) {
  // net.connect (and so fetch) looks names up through dns.lookup at connect time.
  const systemLookup = dns.lookup
  dns.lookup = function lookup(hostname, options, callback) {
    if (typeof options === 'function') [options, callback] = [{}, options]
    if (typeof options === 'number') options = { family: options }
    if (!loopbackNames.has(String(hostname).toLowerCase())) return systemLookup.call(this, hostname, options, callback)
    if (options?.all) return process.nextTick(callback, null, [{ address: LOOPBACK, family: 4 }])
    return process.nextTick(callback, null, LOOPBACK, 4)
  }
}

function option(name, envName, fallback) {
  const flag = `--${name}`
  const index = process.argv.indexOf(flag)
  if (index >= 0 && index + 1 < process.argv.length) return process.argv[index + 1]
  const inline = process.argv.find((arg) => arg.startsWith(`${flag}=`))
  if (inline) return inline.slice(flag.length + 1)
  return process.env[envName] ?? fallback
}

function portOption(name, envName) {
  const value = Number.parseInt(option(name, envName, '0'), 10)
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`--${name} must be a port number`)
  }
  return value
}

// The Bluesky packages read their logging set-up from the environment when they are loaded.
process.env.LOG_ENABLED ??= 'true'
process.env.LOG_LEVEL ??= 'info'
process.env.LOG_DESTINATION ??= '/dev/stderr'

const { PDS, envToCfg, envToSecrets } = await import('@atproto/pds')
const { Secp256k1Keypair } = await import('@atproto/crypto')
const plcLib = await import('@did-plc/lib')
const plcServerModule = await import('@did-plc/server')
const { PlcServer, Database: PlcDatabase } = plcServerModule.default ?? plcServerModule

function log(message, extra = {}) {
  process.stderr.write(`${JSON.stringify({ bed: message, time: new Date().toISOString(), ...extra })}\n`)
}

async function listen(server, port) {
  server.listen(port, LOOPBACK)
  await once(server, 'listening')
  return server.address().port
}

function sendJson(res, status, body, contentType = 'application/json') {
  const payload = JSON.stringify(body)
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) })
  res.end(payload)
}

// ---- PLC directory ------------------------------------------------------------------------------

const DID_CONTEXT = [
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/multikey/v1',
  'https://w3id.org/security/suites/secp256k1-2019/v1',
]

function didKeyToMultibase(didKey) {
  if (!didKey.startsWith('did:key:')) throw new Error(`not a did:key: ${didKey}`)
  return didKey.slice('did:key:'.length)
}

// The document shape plc.directory serves today, from the validated operation log.
function currentDidDocument(data) {
  return {
    '@context': DID_CONTEXT,
    id: data.did,
    alsoKnownAs: data.alsoKnownAs,
    verificationMethod: Object.entries(data.verificationMethods).map(([keyId, didKey]) => ({
      id: `${data.did}#${keyId}`,
      type: 'Multikey',
      controller: data.did,
      publicKeyMultibase: didKeyToMultibase(didKey),
    })),
    service: Object.entries(data.services).map(([serviceId, service]) => ({
      id: `#${serviceId}`,
      type: service.type,
      serviceEndpoint: service.endpoint,
    })),
  }
}

const DID_PATH = /^\/(did:plc:[a-z2-7]+)$/
const LEGACY_DID_PATH = /^\/legacy\/(did:plc:[a-z2-7]+)$/

async function servePlcRequest(plcServer, req, res) {
  const pathname = new URL(req.url, 'http://plc').pathname
  const legacy = req.method === 'GET' ? LEGACY_DID_PATH.exec(pathname) : null
  if (legacy) {
    req.url = `/${legacy[1]}`
    return plcServer.app(req, res)
  }
  const current = req.method === 'GET' ? DID_PATH.exec(pathname) : null
  if (!current) return plcServer.app(req, res)

  const did = current[1]
  const operations = await plcServer.ctx.db.opsForDid(did)
  if (operations.length === 0) return sendJson(res, 404, { message: `DID not registered: ${did}` })
  const data = await plcLib.validateOperationLog(did, operations)
  if (data === null) return sendJson(res, 404, { message: `DID not available: ${did}` })
  return sendJson(res, 200, currentDidDocument(data), 'application/did+ld+json')
}

async function startPlc(port) {
  const plcServer = PlcServer.create({ db: PlcDatabase.mock(), version: '0.0.1-waddle-bed' })
  const server = http.createServer((req, res) => {
    servePlcRequest(plcServer, req, res).catch((err) => {
      log('plc request failed', { url: req.url, error: String(err?.stack ?? err) })
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' })
      else res.destroy()
    })
  })
  const boundPort = await listen(server, port)
  return { server, port: boundPort, url: `http://${LOOPBACK}:${boundPort}` }
}

// ---- PDS ----------------------------------------------------------------------------------------

const xrpcCounts = new Map()

function countXrpc(req) {
  const pathname = (req.url ?? '').split('?', 1)[0]
  if (!pathname.startsWith('/xrpc/')) return
  const method = decodeURIComponent(pathname.slice('/xrpc/'.length))
  xrpcCounts.set(method, (xrpcCounts.get(method) ?? 0) + 1)
}

class PdsProcess {
  constructor({ port, plcUrl, dataDir }) {
    this.requestedPort = port
    this.plcUrl = plcUrl
    this.dataDir = dataDir
    this.pds = null
    this.port = null
    this.transition = Promise.resolve()
  }

  async init() {
    const rotationKey = await Secp256k1Keypair.create({ exportable: true })
    this.rotationKeyHex = Buffer.from(await rotationKey.export()).toString('hex')
    this.jwtSecret = randomSecret()
    this.adminPassword = randomSecret()
    this.dpopSecret = randomSecret()
    // Bind once to learn a free port; every later start reuses it, so DID documents stay valid.
    if (this.requestedPort === 0) {
      const probe = http.createServer()
      this.port = await listen(probe, 0)
      await new Promise((resolve) => probe.close(resolve))
    } else {
      this.port = this.requestedPort
    }
  }

  get publicUrl() {
    return `http://localhost:${this.port}`
  }

  get loopbackUrl() {
    return `http://${LOOPBACK}:${this.port}`
  }

  get running() {
    return this.pds !== null
  }

  environment() {
    return {
      devMode: true,
      port: this.port,
      hostname: 'localhost',
      dataDirectory: this.dataDir,
      blobstoreDiskLocation: path.join(this.dataDir, 'blocks'),
      didPlcUrl: this.plcUrl,
      serviceHandleDomains: ['.test'],
      inviteRequired: false,
      disableSsrfProtection: true,
      rateLimitsEnabled: false,
      adminPassword: this.adminPassword,
      jwtSecret: this.jwtSecret,
      dpopSecret: this.dpopSecret,
      plcRotationKeyK256PrivateKeyHex: this.rotationKeyHex,
      crawlers: [],
    }
  }

  // Start and stop run one at a time, in the order asked.
  serialized(action) {
    const next = this.transition.then(action, action)
    this.transition = next.catch(() => undefined)
    return next
  }

  start() {
    return this.serialized(async () => {
      if (this.pds) return
      const env = this.environment()
      const pds = await PDS.create(envToCfg(env), envToSecrets(env))
      const app = pds.app
      // PDS.start() calls app.listen(port), which binds every interface: keep it on loopback.
      app.listen = (port) => {
        const server = http.createServer((req, res) => {
          countXrpc(req)
          app(req, res)
        })
        return server.listen(port, LOOPBACK)
      }
      await pds.start()
      this.pds = pds
      log('pds started', { url: this.publicUrl })
    })
  }

  stop() {
    return this.serialized(async () => {
      if (!this.pds) return
      const pds = this.pds
      this.pds = null
      await pds.destroy()
      log('pds stopped', { url: this.publicUrl })
    })
  }
}

function randomSecret() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')
}

// ---- Control endpoint ---------------------------------------------------------------------------

function countsObject() {
  return Object.fromEntries([...xrpcCounts.entries()].sort(([a], [b]) => a.localeCompare(b)))
}

async function serveControl(pdsProcess, req, res) {
  const pathname = new URL(req.url, 'http://control').pathname
  const route = `${req.method} ${pathname}`
  switch (route) {
    case 'GET /_bed/status':
      return sendJson(res, 200, { pdsRunning: pdsProcess.running, counts: countsObject() })
    case 'GET /_bed/counts':
      return sendJson(res, 200, countsObject())
    case 'POST /_bed/counts/reset':
      xrpcCounts.clear()
      return sendJson(res, 200, countsObject())
    case 'POST /_bed/pds/stop':
      await pdsProcess.stop()
      return sendJson(res, 200, { pdsRunning: pdsProcess.running })
    case 'POST /_bed/pds/start':
      await pdsProcess.start()
      return sendJson(res, 200, { pdsRunning: pdsProcess.running })
    default:
      return sendJson(res, 404, { message: `unknown control route: ${route}` })
  }
}

async function startControl(pdsProcess, port) {
  const server = http.createServer((req, res) => {
    req.resume()
    serveControl(pdsProcess, req, res).catch((err) => {
      log('control request failed', { url: req.url, error: String(err?.stack ?? err) })
      if (!res.headersSent) sendJson(res, 500, { message: String(err?.message ?? err) })
    })
  })
  const boundPort = await listen(server, port)
  return { server, port: boundPort, url: `http://${LOOPBACK}:${boundPort}` }
}

// ---- Main ---------------------------------------------------------------------------------------

const givenDataDir = option('data-dir', 'BED_DATA_DIR', '')
const dataDir = givenDataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'waddle-atproto-bed-'))
fs.mkdirSync(dataDir, { recursive: true })

const plc = await startPlc(portOption('plc-port', 'BED_PLC_PORT'))
const pdsProcess = new PdsProcess({ port: portOption('pds-port', 'BED_PDS_PORT'), plcUrl: plc.url, dataDir })
await pdsProcess.init()
await pdsProcess.start()
const control = await startControl(pdsProcess, portOption('control-port', 'BED_CONTROL_PORT'))

let shuttingDown = false
async function shutdown(reason) {
  if (shuttingDown) return
  shuttingDown = true
  log('shutting down', { reason })
  const forced = setTimeout(() => process.exit(1), 10_000)
  forced.unref()
  try {
    control.server.close()
    await pdsProcess.stop()
    plc.server.closeAllConnections?.()
    plc.server.close()
    if (!givenDataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  } catch (err) {
    log('shutdown failed', { error: String(err?.stack ?? err) })
    process.exit(1)
  }
  process.exit(0)
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
if (option('watch-stdin', 'BED_WATCH_STDIN', 'true') !== 'false') {
  process.stdin.on('end', () => shutdown('stdin closed'))
  process.stdin.on('error', () => shutdown('stdin error'))
  process.stdin.resume()
}

process.stdout.write(
  `${JSON.stringify({
    ready: true,
    plcUrl: plc.url,
    pdsUrl: pdsProcess.publicUrl,
    pdsLoopbackUrl: pdsProcess.loopbackUrl,
    controlUrl: control.url,
    dataDir,
    pid: process.pid,
    startupMillis: Math.round(process.uptime() * 1000),
  })}\n`,
)
