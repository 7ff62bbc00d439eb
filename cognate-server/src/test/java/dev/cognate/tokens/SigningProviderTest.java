package dev.cognate.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigningProviderTest {
    static RSAKey key;

    @BeforeAll
    static void generateKey() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    /** Signs a token with {@code signer}; true when the JDK's own provider verifies it. */
    private static boolean jdkVerifies(RSASSASigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject("client-1").claim("scope", "api/read").build());
        jwt.sign(signer);
        RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
        assertThat(verifier.getJCAContext().getProvider()).isNull();
        return SignedJWT.parse(jwt.serialize()).verify(verifier);
    }

    @Test
    void theProviderDetectedHereSignsTokensTheJdkVerifies() throws Exception {
        assertThat(jdkVerifies(SigningProvider.detect().signer(key.toRSAPrivateKey()))).isTrue();
    }

    @Test
    void aKeyTheDetectedProviderMakesIsAWholeRsa2048KeyThatSurvivesItsStoredForm() throws Exception {
        for (SigningProvider provider : List.of(SigningProvider.detect(), SigningProvider.jdk())) {
            RSAKey made = provider.newRsaKey();
            assertThat(made.size()).isEqualTo(2048);
            assertThat(made.isPrivate()).isTrue();
            assertThat(made.getFirstPrimeFactor()).as("CRT parameters, which make signing fast").isNotNull();
            // stored sealed as its JWK JSON, read back on every node
            RSAKey stored = RSAKey.parse(made.toJSONString());
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                    new JWTClaimsSet.Builder().subject("u").build());
            jwt.sign(provider.signer(stored.toRSAPrivateKey()));
            assertThat(jwt.verify(new RSASSAVerifier(stored.toRSAPublicKey()))).isTrue();
        }
    }

    @Test
    void theJdkProviderSignsTokensTheJdkVerifies() throws Exception {
        SigningProvider jdk = SigningProvider.jdk();
        assertThat(jdk.isNative()).isFalse();
        assertThat(jdkVerifies(jdk.signer(key.toRSAPrivateKey()))).isTrue();
    }

    @Test
    void onLinuxX8664TheAwsLcProviderSigns() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
        SigningProvider detected = SigningProvider.detect();
        assertThat(detected.isNative()).isTrue();
        assertThat(detected.description()).startsWith(SigningProvider.ACCP);
        RSASSASigner signer = detected.signer(key.toRSAPrivateKey());
        assertThat(signer.getJCAContext().getProvider().getName()).isEqualTo(SigningProvider.ACCP);
        assertThat(jdkVerifies(signer)).isTrue();
    }

    @Test
    void withoutTheAwsLcProviderTheJdkSigns() throws Exception {
        SigningProvider fallback = SigningProvider.detect(List.of());
        assertThat(fallback.isNative()).isFalse();
        assertThat(jdkVerifies(fallback.signer(key.toRSAPrivateKey()))).isTrue();
    }

    @Test
    void anAwsLcProviderWhoseNativeLibraryDidNotLoadIsPassedOver() throws Exception {
        // What ACCP looks like on a platform without its native library: a provider with no algorithms.
        Provider unloaded = new Provider(SigningProvider.ACCP, "2.5.0", "native library unavailable") {};
        SigningProvider fallback = SigningProvider.detect(List.of(unloaded));
        assertThat(fallback.isNative()).isFalse();
        assertThat(jdkVerifies(fallback.signer(key.toRSAPrivateKey()))).isTrue();
    }

    @Test
    void theAwsLcProviderIsNotInstalledJvmWide() {
        SigningProvider.detect();
        assertThat(Security.getProvider(SigningProvider.ACCP)).isNull();
        assertThat(new SecureRandom().getProvider().getName()).isNotEqualTo(SigningProvider.ACCP);
    }
}
