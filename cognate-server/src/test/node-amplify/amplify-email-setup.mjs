// Amplify JS v6 setting up e-mail MFA during sign-in (AmplifyClientTest drives it): an SRP
// sign-in in a pool that requires MFA, the choice of EMAIL over TOTP, the address
// (CONTINUE_SIGN_IN_WITH_EMAIL_SETUP), and the code mailed there, which the test reads from its
// SMTP server and writes to stdin. Each step prints one JSON line; the last says {"done":true} or carries the error.
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn } from 'aws-amplify/auth';
import readline from 'node:readline';

const [endpoint, userPoolId, userPoolClientId, username, password, address] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (step, details = {}) => console.log(JSON.stringify({ step, ...details }));

Amplify.configure({
  Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint, loginWith: { username: true } } },
});

try {
  const first = await signIn({ username, password });
  say('signIn', { next: first.nextStep.signInStep, allowed: first.nextStep.allowedMFATypes });
  const chosen = await confirmSignIn({ challengeResponse: 'EMAIL' });
  say('chooseEmail', { next: chosen.nextStep.signInStep });
  const mailed = await confirmSignIn({ challengeResponse: address });
  say('needEmailCode', { next: mailed.nextStep.signInStep, destination: mailed.nextStep.codeDeliveryDetails?.destination });
  const code = (await lines.next()).value.trim();
  const confirmed = await confirmSignIn({ challengeResponse: code });
  say('confirmEmailCode', { isSignedIn: confirmed.isSignedIn });
  const session = await fetchAuthSession();
  say('emailSession', { idToken: session.tokens?.idToken?.toString() });
  say('done', { done: true });
  process.exit(0);
} catch (e) {
  say('error', { error: e.name, message: e.message });
  process.exit(0);
}
