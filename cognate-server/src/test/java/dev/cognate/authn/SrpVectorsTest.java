package dev.cognate.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.SrpTestClient;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The server's SRP arithmetic against numbers amazon-cognito-identity-js 6.3.9 computed from the
 * same fixed secrets (src/test/node/srp-vectors.js prints them): k, A, v, B, u, the HKDF key and
 * the claim's signature must match to the last byte.
 */
class SrpVectorsTest {
    static final String POOL_NAME = "AbC123xyZ";
    static final String USERNAME = "vector-user";
    static final String PASSWORD = "Correct-Horse-1";
    static final BigInteger SMALL_A = new BigInteger("1f2e3d4c5b6a79880123456789abcdef00112233445566778899aabbccddeeff", 16);
    static final BigInteger SMALL_B = new BigInteger("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", 16);
    static final BigInteger SALT = new BigInteger("8badf00d0123456789abcdef00112233", 16);
    static final String SECRET_BLOCK = "YSBzZWNyZXQgYmxvY2sgdGhlIHNlcnZlciBzZWFsZWQ=";
    static final String TIMESTAMP = "Sun Dec 6 06:00:07 UTC 2026";

    static final String K = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";
    static final String A = """
            2d03cc755352606aefcd52a00fe1c2984a6728397cbda1dfb99dddb0a8bf6afb8011e64f30b5795cd509ee35e9cb8bf9\
            dfc88e3b639392cb50584406ff4a82c9c771dbd0dff8a7b12a6c2195ba9d0c1bd4161b6aeb3fe80f68bc0ef7f6598b53\
            2a794c775bcb342fdc841d54522af766899f1d790e8af3afcc91f1f9932999937c79380145097c39937b621d64e3e1c1\
            5b23a7874582878bef755ee916ae0b3d631f2f88bb510755db475e735a8b037d13f5cc15e066c42dcc7ec320961cdbee\
            9e69284a9317baf00d8522bc7ad480a1e1d5cb705dcc8afae5a59228abd5f88b6e25e3d8bf4ca6fd8937b52b3c6eae03\
            75ae0fdba93e4e94ada5121ba240fa45e4ca51673de0a6986469668e2384185f4691ddfd0ff5c41770c7b7ee4532d718\
            ac660db56e9d7d38b3640470e74fda080e1acd1d76a4bcdaf5043abbd5a7cb90f4c33cb0faec029c656b33ed9e654f9a\
            66b8c21b821d5791d078b49edc66f013f38c4887cb87b2d996a86989f6de87856c3699aaa9c7573cefde0f39c2f2291c""";
    static final String V = """
            dbaae4129935afb45e446b5a5fd4eebdebd4e4189691aaa57295da731f2b44501f7f0e5afd86040918cfc202f41207d9\
            7d63820d7cebab3e16dc3d077cca21ac5ec814a4e98331da4d6cc0f2a22928ce47bfb4c207c6cb0095235b95d625c74e\
            3b77f429a755228ddec4540d941fb16bb5e5591215ee2969029c617d641fb30b352b7527ade1920425aeed3a3d8e8c8e\
            60b864d21fc9265c1e080931d7cc48b8190588d1ed816ae3459f339b314f8841a7e5aa8c6dcc43151622e2dd8d268369\
            86787cb4545a58d22b7f83b1feb3a4ad9f1d637d5a095cf1fd661c778c72723e5b5dd43ab368c5c9276330ce308b3845\
            4f47444dc76b8a884c2a95cd90074c33f3d10450161e895c99d227e824813ff2b243d8c50d4ccf03613102f3b23c61b8\
            fc53dccb1db6b7b249e9f388713bd162e023d7fc993e7dd433ef1de27724776266b70c9e29cc2e3bdd3531cf3c93a90b\
            7a220a0d02b68116df419ef2cb914dd62a4cd5197bc7344e86e1f1b45277e536846603cf4c279f6f1f0ecb9f843e7351""";
    static final String B = """
            1681e4f1c7231ca6fd3f8c719c6ebc071e19088019caafe1f7cc3a6c66e98d72e38de685990d86e4ce01b89b558edb60\
            138a7b7c7f53dfcc5eaaa5d19288db7f061890af9834854b29db4a50abb95fc74ca9bea6bf0423f0f37a04ab7d46f539\
            72310c4018d6e105737d902abad8788e91c65d905611f2f528ea9dc49b4aee06f37926bb256450e190c54c4c515e0b61\
            dad52085af30ff2e31b691e2242e465f27be6df81d23f7fc234ae41fb506a63733fa7161626d35446e315084e6006ccf\
            357494c2a3458370035f703158e65c635a9223fd4d7e368570d943a7d17492555702f4e5912df88a8180b507899f1990\
            f23cdb9f314053017c77f107eac576b5059454762b2cf8ecc37836a842185644e0eff7f81e9b7663ad4aa9a4b10c9dec\
            c4e1698da77ca37af1a27b1b64429013a9ae3ab4a15d87e050c4a2401ead7a3fb9f8318951afef3c1834ab5d5ffd1781\
            9802f25a41755cc9ef174a9e151a8c90e5dc598bdeefbe98cf85ace2ef2a5a863cd2490d1075529074cf1bffbf76c633""";
    static final String U = "184b761eab7184dd5328ea00fd23dc61b0e9818d7c268e3ca4b85dd1b5bb194d";
    static final String KEY = "a2a34a639b9080a0d273d000ede21d89";
    static final String SIGNATURE = "8M12gRXRPSr6ePdWn++s75hCZBo+xlZBBjj33bH76Es=";

    @Test
    void multiplierIsTheHashOfNAndGAsCognitoPadsThem() {
        assertThat(Srp.hex(Srp.K)).isEqualTo(K);
    }

    @Test
    void verifierAndServerPublicValueMatchTheLibrary() {
        BigInteger v = Srp.verifier(POOL_NAME, USERNAME, PASSWORD, SALT);
        assertThat(Srp.hex(v)).isEqualTo(V);
        assertThat(Srp.hex(Srp.serverPublic(v, SMALL_B))).isEqualTo(B);
    }

    @Test
    void sessionKeyAndSignatureMatchTheLibrary() {
        BigInteger a = new BigInteger(A, 16);
        assertThat(a).isEqualTo(Srp.G.modPow(SMALL_A, Srp.N));
        BigInteger v = new BigInteger(V, 16);
        BigInteger b = new BigInteger(B, 16);
        BigInteger u = Srp.u(a, b);
        assertThat(Srp.hex(u)).isEqualTo(U);
        byte[] key = Srp.key(Srp.serverSecret(a, v, u, SMALL_B), u);
        assertThat(HexFormat.of().formatHex(key)).isEqualTo(KEY);
        byte[] signature = Srp.signature(key, POOL_NAME, USERNAME, Base64.getDecoder().decode(SECRET_BLOCK), TIMESTAMP);
        assertThat(Base64.getEncoder().encodeToString(signature)).isEqualTo(SIGNATURE);
    }

    @Test
    void theClientsSecretEqualsTheServersWhenThePasswordIsRight() {
        BigInteger a = Srp.G.modPow(SMALL_A, Srp.N);
        BigInteger v = Srp.verifier(POOL_NAME, USERNAME, PASSWORD, SALT);
        BigInteger b = Srp.serverPublic(v, SMALL_B);
        BigInteger u = Srp.u(a, b);
        assertThat(SrpTestClient.secret(b, SMALL_A, u, Srp.x(POOL_NAME, USERNAME, PASSWORD, SALT)))
                .isEqualTo(Srp.serverSecret(a, v, u, SMALL_B));
        assertThat(SrpTestClient.secret(b, SMALL_A, u, Srp.x(POOL_NAME, USERNAME, "Wrong-Horse-1", SALT)))
                .isNotEqualTo(Srp.serverSecret(a, v, u, SMALL_B));
    }

    @Test
    void degeneratePublicValuesAreRefused() {
        assertThat(Srp.acceptablePublic(BigInteger.ZERO)).isFalse();
        assertThat(Srp.acceptablePublic(Srp.N)).isFalse();
        assertThat(Srp.acceptablePublic(Srp.N.shiftLeft(1))).isFalse();
        assertThat(Srp.acceptablePublic(BigInteger.ONE.negate())).isFalse();
        assertThat(Srp.acceptablePublic(new BigInteger(A, 16))).isTrue();
        assertThat(Srp.parsePublic("not hex")).isNull();
        assertThat(Srp.parsePublic("0".repeat(Srp.MAX_PUBLIC_HEX + 1))).isNull();
    }

    @Test
    void timestampsAreReadOnlyInCognitosFormat() {
        assertThat(SrpChallenge.parseTimestamp("Sun Dec 6 06:00:07 UTC 2026"))
                .contains(java.time.Instant.parse("2026-12-06T06:00:07Z"));
        assertThat(SrpChallenge.parseTimestamp("Tue Dec 15 23:59:59 UTC 2026"))
                .contains(java.time.Instant.parse("2026-12-15T23:59:59Z"));
        assertThat(SrpChallenge.parseTimestamp("Sun Dec 06 06:00:07 UTC 2026")).as("zero-padded day").isEmpty();
        assertThat(SrpChallenge.parseTimestamp("Mon Dec 6 06:00:07 UTC 2026")).as("the wrong weekday").isEmpty();
        assertThat(SrpChallenge.parseTimestamp("Sun Dec 6 6:00:07 UTC 2026")).as("an unpadded hour").isEmpty();
        assertThat(SrpChallenge.parseTimestamp("2026-12-06T06:00:07Z")).isEmpty();
        assertThat(SrpChallenge.parseTimestamp(null)).isEmpty();
    }
}
