// Amplify JS v6's passwordless sign-up (AmplifyClientTest drives it): signUp with autoSignIn
// over USER_AUTH and no password, confirmSignUp with the e-mailed code the test writes to stdin,
// then autoSignIn, which signs the user in with the Session ConfirmSignUp answered (no second code).
// Each step prints one JSON line; the last says {"done":true} or carries the error.
import { Amplify } from 'aws-amplify';
import { autoSignIn, confirmSignUp, fetchAuthSession, signUp } from 'aws-amplify/auth';
import readline from 'node:readline';

const [endpoint, userPoolId, userPoolClientId, username, email] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (step, details = {}) => console.log(JSON.stringify({ step, ...details }));

Amplify.configure({
  Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint, loginWith: { username: true } } },
});

try {
  const signedUp = await signUp({
    username,
    options: { userAttributes: { email }, autoSignIn: { authFlowType: 'USER_AUTH' } },
  });
  say('signUp', { complete: signedUp.isSignUpComplete, next: signedUp.nextStep.signUpStep });
  say('needEmailCode');
  const code = (await lines.next()).value.trim();
  const confirmed = await confirmSignUp({ username, confirmationCode: code });
  say('confirmSignUp', { complete: confirmed.isSignUpComplete, next: confirmed.nextStep.signUpStep });
  const signedIn = await autoSignIn();
  say('autoSignIn', { isSignedIn: signedIn.isSignedIn, next: signedIn.nextStep.signInStep });
  const session = await fetchAuthSession();
  say('session', { idToken: session.tokens?.idToken?.toString() });
  say('done', { done: true });
  process.exit(0);
} catch (e) {
  say('error', { error: e.name, message: e.message });
  process.exit(0);
}
