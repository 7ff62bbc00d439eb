package dev.cognate.testing;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Key material for identity providers that authenticate with {@code private_key_jwt}. */
public final class IdpKeys {
    /** A self-signed certificate (CN=cognate-test-idp-client); its key is not needed by any test. */
    public static final String CERTIFICATE_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIDJzCCAg+gAwIBAgIUAtRYhHwavsr/xUJzjYX/kM3ZPFEwDQYJKoZIhvcNAQEL
            BQAwIjEgMB4GA1UEAwwXY29nbmF0ZS10ZXN0LWlkcC1jbGllbnQwIBcNMjYxMTI3
            MDI1NjIyWhgPMjEyNjExMDMwMjU2MjJaMCIxIDAeBgNVBAMMF2NvZ25hdGUtdGVz
            dC1pZHAtY2xpZW50MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAjvg+
            5KzC12+oZJSvlgIGoqqPjDb3zJGs3gSsRA/mZlmfwjy4u+fGbquvqjjftY+J7jU3
            uklgFJuScxNlfZu8UkgsnXsWS2JjYpROa1NUbk5HvP+BSRaNYmpl8BHSwXiUzacq
            yEdngQpYHVcwB5TH0hlZvVCqzdcoNqQXo+Rlgd1G2ObmVDhk0tkIlqG91aN8aD4x
            P8gulwJ+5oiZxwe9jze4mFc6aH1Cr1l5XT9ot440O29O2aSSVJb7fIbJBfAqYJhC
            wytVdH7pTPBCzCexHcaJg/B6eAAVJe6WWGHr1DOGnD77ZoH3WTOigOU9pAq7Q0uf
            zE09QK4HpUEQe4MUrQIDAQABo1MwUTAdBgNVHQ4EFgQUYry2tC/oQc2ZgncMk3/i
            MuUxN88wHwYDVR0jBBgwFoAUYry2tC/oQc2ZgncMk3/iMuUxN88wDwYDVR0TAQH/
            BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAJdSxRHJBNIXK5UzAm5I5V5MDxuhX
            1eQWxi94b5u77/Da5pvXM7CIfYykdOWb1rDPr97Q3doRIb4UGUJsagOtyFOnm44r
            QjauE2SGr0kyG1MBghU0k/ssAzA3wnL7F852ZWmYGcTTMATqjmm9dIakSLzWKH+n
            57BDLByKS8bkPDO1+czDNh3V4y//TMm3tvOZV8bU9KvaHDVbURw8bfa5kw2JPcFQ
            yJs/aCScSXvv4rwlWYAASmtRQPpEcLL1zuOiki+gEbd61BiLkXD9r2ocbJkGjAXO
            /ap+I3H526Iq/SV28sZhXZMeagYf1/vUYWGUOZWEYz0puJMq7q+nx+JPPA==
            -----END CERTIFICATE-----
            """;

    private IdpKeys() {}

    /** A fresh RSA private key in PKCS#8 PEM. */
    public static String newPrivateKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
