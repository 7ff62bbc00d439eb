package dev.cognate.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class Rs256SignaturesTest {

    @Test
    void eachSignatureOfAReusedObjectVerifiesForItsOwnInputOnly() throws Exception {
        for (SigningProvider provider : new SigningProvider[] {SigningProvider.jdk(), SigningProvider.detect()}) {
            RSAKey key = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).generate();
            Rs256Signatures signatures = new Rs256Signatures(provider.signer(key.toRSAPrivateKey()));

            for (String input : new String[] {"header.first", "header.second", "header.third"}) {
                byte[] signed = signatures.sign(input.getBytes(StandardCharsets.US_ASCII));

                assertThat(verifies(key, input, signed)).as(provider.description() + ": " + input).isTrue();
                assertThat(verifies(key, input + "x", signed)).isFalse();
            }
        }
    }

    private static boolean verifies(RSAKey key, String input, byte[] signed) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key.toRSAPublicKey());
        verifier.update(input.getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(signed);
    }
}
