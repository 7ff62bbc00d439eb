// Prints the fixed SRP vectors SrpVectorsTest pins, computed by amazon-cognito-identity-js's own
// AuthenticationHelper from fixed secrets (run once: node srp-vectors.js, after npm ci).
'use strict';
const { Buffer } = require('buffer');
const { createHmac } = require('crypto');
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;

const poolName = 'AbC123xyZ';
const username = 'vector-user';
const password = 'Correct-Horse-1';
const smallA = new BigInteger('1f2e3d4c5b6a79880123456789abcdef00112233445566778899aabbccddeeff', 16);
const smallB = new BigInteger('a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90', 16);
const salt = new BigInteger('8badf00d0123456789abcdef00112233', 16);
const secretBlock = Buffer.from('a secret block the server sealed').toString('base64');
const timestamp = 'Sun Dec 6 06:00:07 UTC 2026';

const helper = new AuthenticationHelper(poolName);
helper.smallAValue = smallA;
helper.largeAValue = undefined;
helper.getLargeAValue(() => {});
const A = helper.largeAValue;
// The server's side, from the library's own hash and padding: v = g^x, B = k*v + g^b mod N.
const x = new BigInteger(helper.hexHash(helper.padHex(salt) + helper.hash(`${poolName}${username}:${password}`)), 16);
let v;
helper.g.modPow(x, helper.N, (err, r) => { v = r; });
let gb;
helper.g.modPow(smallB, helper.N, (err, r) => { gb = r; });
const B = helper.k.multiply(v).add(gb).mod(helper.N);
helper.getPasswordAuthenticationKey(username, password, B, salt, (err, hkdf) => {
  const message = Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(username, 'utf8'),
    Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp, 'utf8')]);
  const signature = createHmac('sha256', Buffer.from(hkdf)).update(message).digest('base64');
  console.log(JSON.stringify({
    k: helper.k.toString(16), A: A.toString(16), v: v.toString(16), B: B.toString(16),
    u: helper.UValue.toString(16), hkdf: Buffer.from(hkdf).toString('hex'), secretBlock, timestamp, signature,
  }, null, 1));
});
