// A native user's self-service life through amazon-cognito-identity-js, one call at a time, so
// that the test in between can read the codes the server mails.
// Usage: node self-service.js <endpoint> <poolId> <clientId> <username>
// Reads one JSON request a line from stdin ({"op": "...", ...}) and answers each with one line
// of JSON on stdout: {"ok": <what the library gave>} or {"error": <code>, "message": ...}.
'use strict';
const readline = require('readline');
const { CognitoUserPool, CognitoUser, CognitoUserAttribute, AuthenticationDetails } = require('amazon-cognito-identity-js');

const [endpoint, poolId, clientId, username] = process.argv.slice(2);
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });
const user = new CognitoUser({ Username: username, Pool: pool });

const attributes = (map) => Object.entries(map).map(([Name, Value]) => new CognitoUserAttribute({ Name, Value }));

const nodeCallback = (resolve, reject) => (err, result, details) => (err ? reject(err) : resolve({ result, details }));

const tokens = (session) => ({
  idToken: session.getIdToken().getJwtToken(),
  accessToken: session.getAccessToken().getJwtToken(),
  refreshToken: session.getRefreshToken().getToken(),
});

const handlers = (resolve, reject) => ({
  onSuccess: (result) => resolve(result === undefined ? 'SUCCESS' : result),
  onFailure: reject,
  inputVerificationCode: (data) => resolve(data),
  newPasswordRequired: () => reject({ code: 'NEW_PASSWORD_REQUIRED', message: 'challenge' }),
});

const ops = {
  signUp: (r) => new Promise((resolve, reject) =>
    pool.signUp(username, r.password, attributes(r.attributes), null, (err, data) => (err ? reject(err) : resolve({
      userConfirmed: data.userConfirmed, userSub: data.userSub, codeDeliveryDetails: data.codeDeliveryDetails,
    })))),
  confirmRegistration: (r) => new Promise((resolve, reject) =>
    user.confirmRegistration(r.code, false, (err, result) => (err ? reject(err) : resolve(result)))),
  authenticateUser: (r) => new Promise((resolve, reject) => {
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: r.password }), {
      ...handlers(resolve, reject),
      onSuccess: (session) => resolve(tokens(session)),
      mfaRequired: (challengeName, challengeParameters) => resolve({ challengeName, challengeParameters }),
    });
  }),
  sendMFACode: (r) => new Promise((resolve, reject) =>
    user.sendMFACode(r.code, { onSuccess: (session) => resolve(tokens(session)), onFailure: reject })),
  enableMFA: () => new Promise((resolve, reject) =>
    user.enableMFA((err, result) => (err ? reject(err) : resolve(result)))),
  disableMFA: () => new Promise((resolve, reject) =>
    user.disableMFA((err, result) => (err ? reject(err) : resolve(result)))),
  getMFAOptions: () => new Promise((resolve, reject) =>
    user.getMFAOptions((err, options) => (err ? reject(err) : resolve(options === undefined ? null : options)))),
  setUserMfaPreference: (r) => new Promise((resolve, reject) =>
    user.setUserMfaPreference(r.sms, r.totp, (err, result) => (err ? reject(err) : resolve(result)))),
  changePassword: (r) => new Promise((resolve, reject) =>
    user.changePassword(r.oldPassword, r.newPassword, (err, result) => (err ? reject(err) : resolve(result)))),
  forgotPassword: () => new Promise((resolve, reject) => user.forgotPassword(handlers(resolve, reject))),
  confirmPassword: (r) => new Promise((resolve, reject) =>
    user.confirmPassword(r.code, r.newPassword, handlers(resolve, reject))),
  updateAttributes: (r) => new Promise((resolve, reject) =>
    user.updateAttributes(attributes(r.attributes), nodeCallback(resolve, reject))),
  getAttributeVerificationCode: (r) => new Promise((resolve, reject) =>
    user.getAttributeVerificationCode(r.name, handlers(resolve, reject))),
  verifyAttribute: (r) => new Promise((resolve, reject) =>
    user.verifyAttribute(r.name, r.code, handlers(resolve, reject))),
  getUserAttributes: () => new Promise((resolve, reject) =>
    user.getUserAttributes((err, list) => (err ? reject(err) : resolve(
      Object.fromEntries(list.map((a) => [a.getName(), a.getValue()])))))),
  refreshSession: () => new Promise((resolve, reject) =>
    user.refreshSession(user.getSignInUserSession().getRefreshToken(), (err, session) => (err ? reject(err) : resolve({
      accessToken: session.getAccessToken().getJwtToken(),
    })))),
  deleteUser: () => new Promise((resolve, reject) =>
    user.deleteUser((err, result) => (err ? reject(err) : resolve(result)))),
};

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const request = JSON.parse(line);
    const op = ops[request.op];
    let answer;
    try {
      if (!op) {
        throw { code: 'UnknownOp', message: request.op };
      }
      answer = { ok: await op(request) };
    } catch (err) {
      answer = { error: err.code || err.name, message: err.message };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
