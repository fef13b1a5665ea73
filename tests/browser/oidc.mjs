// A real OpenID provider for the sign-in tests (panva's oidc-provider, a
// certified implementation), with its development login form: any user
// name signs in, and the account's e-mail is the name given. One client,
// "trappa", with secret OIDC_SECRET and redirect OIDC_REDIRECT; PKCE is
// required. Prints OIDC_ISSUER=<url> when it listens.
// For the refusal tests it can turn attacker on its own token endpoint:
// POST /__tamper with the body signature|audience|nonce|none re-signs the
// next ID tokens with another key, for another audience, or with another
// nonce (the provider's own key signs the last two).
import http from 'node:http';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const redirect = process.env.OIDC_REDIRECT;
const secret = process.env.OIDC_SECRET || 'klienthemmelighet';
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const stranger = (await jose.generateKeyPair('RS256', { extractable: true })).privateKey;
const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
let tamper = 'none';

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
// OIDC_HOST=localhost puts the provider on another site than trappa's
// 127.0.0.1, as a real provider is: cookies then follow the browser's
// cross-site rules.
const issuer = `http://${process.env.OIDC_HOST || '127.0.0.1'}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'trappa',
    client_secret: secret,
    redirect_uris: [redirect],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [jwk] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: ['trappa-test-cookies'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, email: sub, email_verified: true, preferred_username: sub.split('@')[0] };
      },
    };
  },
  // No consent screen: the municipality's own client is trusted.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

provider.use(async (ctx, next) => {
  if (ctx.path === '/__tamper' && ctx.method === 'POST') {
    tamper = await new Promise((resolve) => {
      let body = '';
      ctx.req.on('data', (c) => { body += c; });
      ctx.req.on('end', () => resolve(body.trim()));
    });
    ctx.body = `tamper=${tamper}`;
    return;
  }
  await next();
  if (ctx.path === '/token' && tamper !== 'none' && ctx.body && ctx.body.id_token) {
    const claims = jose.decodeJwt(ctx.body.id_token);
    if (tamper === 'audience') claims.aud = 'another-client';
    if (tamper === 'nonce') claims.nonce = 'a-nonce-trappa-never-sent';
    const key = tamper === 'signature' ? stranger : privateKey;
    ctx.body = {
      ...ctx.body,
      id_token: await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key),
    };
  }
});

server.on('request', provider.callback());
console.log(`OIDC_ISSUER=${issuer}`);
