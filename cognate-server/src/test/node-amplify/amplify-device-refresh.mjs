// Amplify JS v6 in a pool that tracks devices (AmplifyClientTest drives it): the sign-in hands
// out a device, which Amplify confirms on its own (ConfirmDevice); a forced refresh then goes
// through GetTokensFromRefreshToken with the device's key, and the refreshed access token
// names the same device. Each step prints one JSON line; the last says {"done":true} or
// carries the error.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchDevices, signIn } from 'aws-amplify/auth';

// Amplify names the device it confirms from the browser's navigator, which this Node lacks;
// without one its ConfirmDevice fails silently and it refreshes without the device's key.
globalThis.navigator ??= { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36' };

const [endpoint, userPoolId, userPoolClientId, username, password] = process.argv.slice(2);
const say = (step, details = {}) => console.log(JSON.stringify({ step, ...details }));

Amplify.configure({
  Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint, loginWith: { username: true } } },
});

try {
  const first = await signIn({ username, password });
  say('signIn', { isSignedIn: first.isSignedIn });
  const session = await fetchAuthSession();
  say('session', { accessToken: session.tokens?.accessToken?.toString() });
  const devices = await fetchDevices();
  say('devices', { ids: devices.map((d) => d.id) });
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  say('refreshed', { accessToken: refreshed.tokens?.accessToken?.toString() });
  say('done', { done: true });
  process.exit(0);
} catch (e) {
  say('error', { error: e.name, message: e.message });
  process.exit(1);
}
