// A real OpenID provider (the certified `oidc-provider` package) that stands in for an
// organisation's identity provider in Schakel's tests. Not for production use.
//
// Configured by one JSON document in the environment variable IDP_CONFIG:
//   {
//     "port": 5001,
//     "issuer": "http://127.0.0.1:5001",
//     "clients": [{"client_id": "...", "client_secret": "...",
//                  "redirect_uris": ["..."], "post_logout_redirect_uris": ["..."]}],
//     "accounts": [{"sub": "...", "email": "...", "password": "...",
//                   "given_name": "...", "family_name": "...",
//                   "amr": ["pwd", "otp"], "acr": "..."}]
//   }
// An account's amr/acr end up in its ID tokens, so a test chooses whether the IdP
// vouches for multi-factor authentication. Prints "ready <issuer>" once listening.
import * as http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.IDP_CONFIG || '{}');
const accounts = new Map((config.accounts || []).map((account) => [account.email.toLowerCase(), account]));
const accountsBySub = new Map((config.accounts || []).map((account) => [account.sub, account]));

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

const page = (title, body) => `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(config.issuer, {
  clients: (config.clients || []).map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  cookies: { keys: ['stand-in-identity-provider'] },
  claims: {
    // With the openid scope, so that every ID token says how the account signed in.
    openid: ['sub', 'acr', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'name'],
  },
  // Put the scope claims (e-mail) in the ID token too, as most organisations' IdPs do.
  conformIdTokenClaims: false,
  acrValues: ['urn:schakel:test:pwd', 'urn:schakel:test:mfa'],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Sign out without asking, so a test sees the redirect back at once.
      async logoutSource(ctx, form) {
        const confirmed = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
        ctx.body = page('Uitloggen', `${confirmed}<button type="submit" form="op.logoutForm">Uitloggen</button>
          <script>document.forms[0].submit()</script>`);
      },
    },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // The organisation's own application needs no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, sub) {
    const account = accountsBySub.get(sub);
    if (!account) {
      return undefined;
    }
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: account.email,
          email_verified: true,
          given_name: account.given_name || '',
          family_name: account.family_name || '',
          name: `${account.given_name || ''} ${account.family_name || ''}`.trim(),
        };
      },
    };
  },
});
provider.proxy = false;

const loginForm = (uid, hint = '', message = '') => page('Inloggen bij de organisatie', `
  ${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
  <form method="post" action="/interaction/${escapeHtml(uid)}">
    <label for="login">E-mailadres</label>
    <input id="login" name="login" type="email" autocomplete="username" required value="${escapeHtml(hint)}">
    <label for="password">Wachtwoord</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Inloggen</button>
  </form>`);

const readBody = (req) => new Promise((resolve, reject) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => resolve(new URLSearchParams(body)));
  req.on('error', reject);
});

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    res.writeHead(501).end('not implemented');
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(details.uid, details.params.login_hint || ''));
    return;
  }
  const form = await readBody(req);
  const account = accounts.get((form.get('login') || '').toLowerCase());
  if (!account || account.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(loginForm(details.uid, form.get('login') || '', 'Onjuist e-mailadres of wachtwoord.'));
    return;
  }
  await provider.interactionFinished(req, res, {
    login: {
      accountId: account.sub,
      ...(account.amr ? { amr: account.amr } : {}),
      ...(account.acr ? { acr: account.acr } : {}),
    },
  }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    });
    return;
  }
  callback(req, res);
});
server.listen(config.port, '127.0.0.1', () => {
  console.log(`ready ${config.issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
