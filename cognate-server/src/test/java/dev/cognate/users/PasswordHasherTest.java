package dev.cognate.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashIsAnArgon2idPhcStringWithAFreshSaltEachTime() {
        String first = hasher.hash("Corr3ct-Horse!");
        String second = hasher.hash("Corr3ct-Horse!");
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("Corr3ct-Horse!");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void verifyAcceptsOnlyTheHashedPassword() {
        String phc = hasher.hash("Corr3ct-Horse!");
        assertThat(hasher.verify("Corr3ct-Horse!", phc)).isTrue();
        assertThat(hasher.verify("corr3ct-Horse!", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
    }

    @Test
    void verifyRefusesMissingOrUnreadableHashes() {
        assertThat(hasher.verify("Corr3ct-Horse!", null)).isFalse();
        assertThat(hasher.verify(null, hasher.hash("x"))).isFalse();
        assertThat(hasher.verify("Corr3ct-Horse!", "plaintext")).isFalse();
        assertThat(hasher.verify("Corr3ct-Horse!", "$argon2id$garbage")).isFalse();
    }
}
