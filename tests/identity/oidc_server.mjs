// A real OpenID provider (the npm package oidc-provider) for the sign-in tests: started by the
// fixture in tests/identity/conftest.py, never in production.
//
// Configuration comes as JSON in OIDC_TEST_CONFIG: {"clients": [...], "accounts": {id: claims}}.
// It listens on a free port of 127.0.0.1 and prints one JSON line, {"issuer": "http://…"}.
//
// Sign-in without devInteractions: GET /interaction/<uid> shows a form, and
// POST /interaction/<uid>/login with login=<account id> signs that account in and grants the
// scopes asked for (the test drives it with HTTP requests).
//
// Faults a real provider can have, for the refusal tests:
// - /lying/.well-known/openid-configuration is the real discovery document claiming the issuer
//   <issuer>/lying, while the tokens carry the real issuer;
// - POST /__control__ with JSON {"foreign_jwks": true} publishes a JWKS whose key has the
//   signing key's kid but is another key; {"token_clock_skew": -7200} runs the token endpoint's
//   clock that many seconds off, so its ID tokens are issued (and expire) in the past; {} resets.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{}');
const accounts = config.accounts || {};
let knobs = {};

function signingKey(kid, type, options) {
  const { privateKey } = generateKeyPairSync(type, options);
  return { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig' };
}

const keys = [
  { ...signingKey('rsa-1', 'rsa', { modulusLength: 2048 }), alg: 'RS256' },
  { ...signingKey('ec-1', 'ec', { namedCurve: 'P-256' }), alg: 'ES256' },
];
const forgedKeys = [
  { ...signingKey('rsa-1', 'rsa', { modulusLength: 2048 }), alg: 'RS256' },
  { ...signingKey('ec-1', 'ec', { namedCurve: 'P-256' }), alg: 'ES256' },
].map(({ d, p, q, dp, dq, qi, ...publicPart }) => publicPart);

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients || [],
    jwks: { keys },
    cookies: { keys: [randomUUID()] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    // Long enough for a code to survive the token endpoint's clock running 5 minutes ahead.
    ttl: { AuthorizationCode: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      if (!accounts[id]) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
    },
  });
  provider.proxy = false;
  const handle = provider.callback();

  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, issuer);
      const login = url.pathname.match(/^\/interaction\/([^/]+)\/login$/);
      const shown = url.pathname.match(/^\/interaction\/([^/]+)$/);
      if (req.method === 'POST' && url.pathname === '/__control__') {
        knobs = JSON.parse((await readBody(req)) || '{}');
        return send(res, 204, 'text/plain', '');
      }
      if (url.pathname === '/lying/.well-known/openid-configuration') {
        const real = await fetch(`${issuer}/.well-known/openid-configuration`);
        const document = { ...(await real.json()), issuer: `${issuer}/lying` };
        return send(res, 200, 'application/json', JSON.stringify(document));
      }
      if (url.pathname === '/jwks' && knobs.foreign_jwks) {
        return send(res, 200, 'application/jwk-set+json', JSON.stringify({ keys: forgedKeys }));
      }
      if (req.method === 'GET' && shown) {
        return send(res, 200, 'text/html; charset=utf-8',
          `<!doctype html><form method="post" action="/interaction/${shown[1]}/login">`
          + '<input name="login"><button>Sign in</button></form>');
      }
      if (req.method === 'POST' && login) {
        const details = await provider.interactionDetails(req, res);
        const accountId = new URLSearchParams(await readBody(req)).get('login');
        if (!accounts[accountId]) return send(res, 400, 'text/plain', 'unknown account');
        const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
        grant.addOIDCScope(details.params.scope);
        const grantId = await grant.save();
        return await provider.interactionFinished(
          req, res, { login: { accountId }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
      }
      if (url.pathname === '/token' && knobs.token_clock_skew) {
        const realNow = Date.now;
        const skewed = () => realNow() + knobs.token_clock_skew * 1000;
        Date.now = skewed;
        res.on('close', () => { if (Date.now === skewed) Date.now = realNow; });
      }
      return handle(req, res);
    } catch (error) {
      return send(res, 500, 'text/plain', String(error));
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
