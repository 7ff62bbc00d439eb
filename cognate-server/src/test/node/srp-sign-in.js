// Signs in with amazon-cognito-identity-js's default flow (USER_SRP_AUTH, then PASSWORD_VERIFIER)
// against the endpoint given, and prints the tokens as one line of JSON.
// Usage: node srp-sign-in.js <endpoint> <poolId> <clientId> <username> <password>
'use strict';
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require('amazon-cognito-identity-js');

const [endpoint, poolId, clientId, username, password] = process.argv.slice(2);
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });
const user = new CognitoUser({ Username: username, Pool: pool });
user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
  onSuccess(session) {
    console.log(JSON.stringify({
      idToken: session.getIdToken().getJwtToken(),
      accessToken: session.getAccessToken().getJwtToken(),
      refreshToken: session.getRefreshToken().getToken(),
    }));
  },
  onFailure(err) {
    console.log(JSON.stringify({ error: err.code || err.name, message: err.message }));
  },
  newPasswordRequired() {
    console.log(JSON.stringify({ challenge: 'NEW_PASSWORD_REQUIRED' }));
  },
});
