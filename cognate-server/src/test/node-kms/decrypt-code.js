// Decrypts a custom sender event's code as the function in Cognito's documentation does:
// the AWS Encryption SDK for JavaScript, a KMS keyring of the pool's key, and the commitment
// policy REQUIRE_ENCRYPT_ALLOW_DECRYPT. KMS is the endpoint given (the test's stand-in).
// One JSON line in ({"op": "decrypt", "endpoint", "keyArn", "code"}), one out
// ({"plaintext", "encryptionContext"} or {"error"}).
'use strict';
const readline = require('readline');
const { buildClient, CommitmentPolicy, KmsKeyringNode } = require('@aws-crypto/client-node');
const { KMS } = require('@aws-sdk/client-kms');

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const request = JSON.parse(line);
  try {
    const region = request.keyArn.split(':')[3];
    const keyring = new KmsKeyringNode({
      keyIds: [request.keyArn],
      clientProvider: () => new KMS({
        region,
        endpoint: request.endpoint,
        credentials: { accessKeyId: 'AKIDSENDERFUNCTION01', secretAccessKey: 'function-secret' },
      }),
    });
    const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(request.code, 'base64'));
    console.log(JSON.stringify({ plaintext: plaintext.toString('utf8'), encryptionContext: messageHeader.encryptionContext }));
  } catch (err) {
    console.log(JSON.stringify({ error: `${err.name}: ${err.message}` }));
  }
});
