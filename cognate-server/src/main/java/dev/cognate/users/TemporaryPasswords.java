package dev.cognate.users;

import dev.cognate.pools.PasswordPolicy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Temporary passwords for invited users when the administrator gives none: random, at least
 * 12 characters (or the policy's minimum), and with every character class any policy can ask
 * for, so they always meet the pool's policy.
 */
public final class TemporaryPasswords {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!#%&*+-=?@^_";
    private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;

    private TemporaryPasswords() {}

    public static String generate(PasswordPolicy policy) {
        int length = Math.max(12, policy.withDefaults().minimumLength());
        List<Character> chars = new ArrayList<>();
        for (String set : List.of(UPPER, LOWER, DIGITS, SYMBOLS)) {
            chars.add(pick(set));
        }
        while (chars.size() < length) {
            chars.add(pick(ALL));
        }
        Collections.shuffle(chars, RANDOM);
        StringBuilder password = new StringBuilder(length);
        chars.forEach(password::append);
        return password.toString();
    }

    private static char pick(String set) {
        return set.charAt(RANDOM.nextInt(set.length()));
    }
}
