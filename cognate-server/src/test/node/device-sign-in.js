// Remembers a device with amazon-cognito-identity-js and signs in with it again: the first
// sign-in answers the user's TOTP (computed here from the secret given), the library confirms
// the device Cognito handed out (ConfirmDevice) and the script marks it remembered
// (UpdateDeviceStatus) and lists the devices; a second CognitoUser, sharing the library's
// storage, then signs in with the remembered device (DEVICE_SRP_AUTH) and must not be asked
// for a code, and refreshes its session (REFRESH_TOKEN_AUTH with the device's key). Prints one
// line of JSON.
// Usage: node device-sign-in.js <endpoint> <poolId> <clientId> <username> <password> <totpSecret>
'use strict';
const crypto = require('crypto');
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require('amazon-cognito-identity-js');

const [endpoint, poolId, clientId, username, password, totpSecret] = process.argv.slice(2);
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });

function totp(base32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const h = crypto.createHmac('sha1', key).update(counter).digest();
  const o = h[19] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function signIn(answerTotp) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: (session, userConfirmationNecessary) => resolve({ user, session, userConfirmationNecessary }),
      onFailure: reject,
      totpRequired: () => {
        if (!answerTotp) return reject(new Error('asked for a TOTP code'));
        user.sendMFACode(totp(totpSecret), callbacks, 'SOFTWARE_TOKEN_MFA');
      },
      mfaRequired: () => reject(new Error('asked for an SMS code')),
    };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
  });
}

const call = (user, method, ...args) => new Promise((resolve, reject) =>
  user[method](...args, { onSuccess: resolve, onFailure: reject }));

(async () => {
  const first = await signIn(true);
  const deviceKey = first.session.getAccessToken().decodePayload().device_key;
  await call(first.user, 'setDeviceStatusRemembered');
  const listed = await call(first.user, 'listDevices', 60, null);
  const second = await signIn(false);
  const refreshed = await new Promise((resolve, reject) => second.user.refreshSession(
    second.session.getRefreshToken(), (err, session) => (err ? reject(err) : resolve(session))));
  console.log(JSON.stringify({
    deviceKey,
    devices: listed.Devices.map((d) => d.DeviceKey),
    secondDeviceKey: second.session.getAccessToken().decodePayload().device_key,
    secondAccessToken: second.session.getAccessToken().getJwtToken(),
    refreshedDeviceKey: refreshed.getAccessToken().decodePayload().device_key,
  }));
})().catch((err) => console.log(JSON.stringify({ error: err.code || err.name, message: err.message })));
