// Amplify JS v6 answering SMS MFA (AmplifyClientTest drives it): an SRP sign-in that asks for the
// texted code (CONFIRM_SIGN_IN_WITH_SMS_CODE), which the test reads from the outbox and writes to
// stdin; then fetchMFAPreference, updateMFAPreference turning SMS off, and a sign-in without it.
// Each step prints one JSON line; the last says {"done":true} or carries the error.
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, fetchMFAPreference, signIn, signOut, updateMFAPreference } from 'aws-amplify/auth';
import readline from 'node:readline';

const [endpoint, userPoolId, userPoolClientId, username, password] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (step, details = {}) => console.log(JSON.stringify({ step, ...details }));

Amplify.configure({
  Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint, loginWith: { username: true } } },
});

try {
  const first = await signIn({ username, password });
  say('needSmsCode', {
    next: first.nextStep.signInStep,
    medium: first.nextStep.codeDeliveryDetails?.deliveryMedium,
    destination: first.nextStep.codeDeliveryDetails?.destination,
  });
  const code = (await lines.next()).value.trim();
  const confirmed = await confirmSignIn({ challengeResponse: code });
  say('confirmSmsCode', { isSignedIn: confirmed.isSignedIn });
  const session = await fetchAuthSession();
  say('smsSession', { idToken: session.tokens?.idToken?.toString() });
  const preference = await fetchMFAPreference();
  say('preference', { enabled: preference.enabled ?? [], preferred: preference.preferred ?? null });
  await updateMFAPreference({ sms: 'DISABLED' });
  await signOut();
  const again = await signIn({ username, password });
  say('signInWithoutSms', { isSignedIn: again.isSignedIn });
  say('done', { done: true });
  process.exit(0);
} catch (e) {
  say('error', { error: e.name, message: e.message });
  process.exit(0);
}
