// A web page using Amplify JS v6 as its documentation shows, with userPoolEndpoint pointing at
// Cognate: signIn (SRP, Amplify's default: InitiateAuth and RespondToAuthChallenge by fetch from
// this origin), the tokens from fetchAuthSession (forced refresh: GetTokensFromRefreshToken), the user's
// attributes (GetUser), and signOut (RevokeToken) or signOut({ global: true }) (GlobalSignOut). The settings come from the test
// once (configure), kept in this origin's localStorage.
import { Amplify } from 'aws-amplify';
import {
  associateWebAuthnCredential, deleteWebAuthnCredential, fetchAuthSession, fetchUserAttributes, getCurrentUser,
  listWebAuthnCredentials, signIn, signOut,
} from 'aws-amplify/auth';

const show = (id, text) => { document.getElementById(id).textContent = text; };
const settings = JSON.parse(localStorage.getItem('cognate-settings') ?? 'null');
if (settings) {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: settings.userPoolId,
        userPoolClientId: settings.clientId,
        userPoolEndpoint: settings.endpoint,
        loginWith: { username: true },
      },
    },
  });
}

async function render(forceRefresh = false) {
  const session = await fetchAuthSession({ forceRefresh });
  const signedIn = session.tokens !== undefined;
  show('id-token', session.tokens?.idToken?.toString() ?? '');
  show('access-token', session.tokens?.accessToken?.toString() ?? '');
  show('email', signedIn ? (await fetchUserAttributes()).email ?? '' : '');
  show('status', signedIn ? `signed in as ${(await getCurrentUser()).username}` : 'signed out');
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
  // Passkeys, as Amplify's documentation shows them: registered by the signed-in user (the browser's
  // authenticator makes it), listed, deleted, and a USER_AUTH sign-in that prefers WEB_AUTHN.
  async registerPasskey() {
    await associateWebAuthnCredential();
    return (await listWebAuthnCredentials()).credentials.map((c) => c.credentialId);
  },
  async deletePasskey(credentialId) { await deleteWebAuthnCredential({ credentialId }); },
  async passkeySignIn(username) {
    const { nextStep } = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });
    await render();
    return nextStep.signInStep;
  },
  async signOutHere() { await signOut(); await render(); },
};

document.getElementById('sign-in').onsubmit = (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  run(async () => {
    show('status', 'signing in');
    const result = await signIn({ username: form.get('username'), password: form.get('password') });
    if (!result.isSignedIn) {
      throw new Error(`next step ${result.nextStep.signInStep}`);
    }
    await render();
  });
};
document.getElementById('refresh').onclick = () => run(async () => {
  show('status', 'refreshing');
  await render(true);
});
document.getElementById('sign-out').onclick = () => run(async () => {
  await signOut();
  await render();
});
document.getElementById('sign-out-everywhere').onclick = () => run(async () => {
  await signOut({ global: true });
  await render();
});

run(settings ? render : async () => show('status', 'not configured'));
