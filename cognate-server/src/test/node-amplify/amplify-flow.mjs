// Amplify JS v6 against Cognate, as an app would run it (AmplifyClientTest drives it):
// SRP sign-in (Amplify's default), a forced refresh, TOTP set-up with otplib, the MFA
// preference, sign-out, a sign-in that asks for the TOTP code, and a choice-based sign-in
// (USER_AUTH) with an e-mailed code the test reads from its SMTP server and writes to stdin.
// Each step prints one JSON line; the last says {"done":true} or carries the error.
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn, fetchAuthSession, setUpTOTP, signIn, signOut, updateMFAPreference, verifyTOTPSetup,
} from 'aws-amplify/auth';
import { authenticator } from 'otplib';
import readline from 'node:readline';

const [endpoint, userPoolId, userPoolClientId, username, password] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (step, details = {}) => console.log(JSON.stringify({ step, ...details }));
const totp = (secret, offsetSeconds) => authenticator.clone({ epoch: Date.now() + offsetSeconds * 1000 }).generate(secret);

Amplify.configure({
  Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint, loginWith: { username: true } } },
});

try {
  const first = await signIn({ username, password });
  say('signIn', { isSignedIn: first.isSignedIn, next: first.nextStep.signInStep });

  const refreshed = await fetchAuthSession({ forceRefresh: true });
  say('fetchAuthSession', { idToken: refreshed.tokens?.idToken?.toString(), accessToken: refreshed.tokens?.accessToken?.toString() });

  await signOut();
  const choice = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  say('needEmailCode', { next: choice.nextStep.signInStep, destination: choice.nextStep.codeDeliveryDetails?.destination });
  const code = (await lines.next()).value.trim();
  const byMail = await confirmSignIn({ challengeResponse: code });
  say('confirmEmailCode', { isSignedIn: byMail.isSignedIn });
  const afterMail = await fetchAuthSession();
  say('emailSession', { idToken: afterMail.tokens?.idToken?.toString() });

  const setup = await setUpTOTP();
  const secret = setup.sharedSecret;
  // the previous step's code (one step of skew is allowed), so the sign-in below has a later, unused one
  await verifyTOTPSetup({ code: totp(secret, -30) });
  await updateMFAPreference({ totp: 'PREFERRED' });
  say('totpSetUp', { uri: setup.getSetupUri('Cognate', username).toString() });

  await signOut();
  const mfa = await signIn({ username, password });
  say('signInAsksForTotp', { next: mfa.nextStep.signInStep });
  const confirmed = await confirmSignIn({ challengeResponse: totp(secret, 0) });
  say('confirmSignIn', { isSignedIn: confirmed.isSignedIn });
  const afterMfa = await fetchAuthSession();
  say('mfaSession', { idToken: afterMfa.tokens?.idToken?.toString() });

  // with MFA on, an e-mailed code alone is no longer offered (Cognito's rule for passwordless factors)
  await signOut();
  const noCodeAlone = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  say('emailCodeAfterMfa', { next: noCodeAlone.nextStep.signInStep, available: noCodeAlone.nextStep.availableChallenges });
  say('done', { done: true });
  process.exit(0);
} catch (e) {
  say('error', { error: e.name, message: e.message });
  process.exit(0);
}
