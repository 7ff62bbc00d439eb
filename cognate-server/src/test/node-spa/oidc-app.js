// A single-page app as oidc-client-ts's own samples write it: authorization code + PKCE through
// Cognate's hosted page, the profile from the ID token and userInfo, a silent renew with the
// refresh token (fetch to /oauth2/token from this origin), and sign-out: the refresh token revoked
// (fetch to /oauth2/revoke), then the browser sent through Cognate's /logout.
// That is the discovery document's end_session_endpoint, but as on Cognito it is not OpenID Connect
// RP-Initiated Logout: it wants client_id and logout_uri (not post_logout_redirect_uri), which
// oidc-client-ts leaves out when it sends id_token_hint, so the app adds them (the workaround of
// oidc-client-ts issue 1385). The settings come from the test once (configure), kept in this
// origin's localStorage across the redirects.
import { UserManager } from 'oidc-client-ts';

const show = (id, text) => { document.getElementById(id).textContent = text; };
const settings = JSON.parse(localStorage.getItem('cognate-settings') ?? 'null');
const manager = settings && new UserManager({
  authority: settings.authority,
  client_id: settings.clientId,
  redirect_uri: settings.appUrl,
  response_type: 'code',
  scope: 'openid email profile',
  loadUserInfo: true,
  automaticSilentRenew: false,
  // Cognito's /oauth2/revoke takes refresh tokens only (which also ends the access tokens they gave)
  revokeTokensOnSignout: true,
  revokeTokenTypes: ['refresh_token'],
});

function render(user) {
  show('status', user ? 'signed in' : 'signed out');
  show('profile', user ? JSON.stringify(user.profile) : '');
  show('access-token', user ? user.access_token : '');
}

async function run(action) {
  try {
    await action();
  } catch (e) {
    show('error', `${e.name}: ${e.message}`);
    show('status', 'failed');
  }
}

window.app = {
  configure(s) { localStorage.setItem('cognate-settings', JSON.stringify(s)); },
};

document.getElementById('sign-in').onclick = () => run(() => manager.signinRedirect());
document.getElementById('renew').onclick = () => run(async () => {
  show('status', 'renewing');
  render(await manager.signinSilent());
});
document.getElementById('sign-out').onclick = () => run(() =>
  manager.signoutRedirect({ extraQueryParams: { client_id: settings.clientId, logout_uri: settings.appUrl } }));

run(async () => {
  if (!manager) {
    show('status', 'not configured');
    return;
  }
  const query = new URLSearchParams(location.search);
  if (query.has('code') || query.has('error')) {
    await manager.signinRedirectCallback();
    history.replaceState(null, '', settings.appUrl);
  }
  render(await manager.getUser());
});
