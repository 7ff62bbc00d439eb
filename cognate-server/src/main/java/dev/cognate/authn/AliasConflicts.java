package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.store.ConcurrentChangeException;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who else holds an alias that a user's attributes claim: a verified e-mail or phone number, or
 * a preferred_username. An unverified value claims nothing, so an unverified e-mail can never
 * take a verified one over.
 */
public final class AliasConflicts {
    private static final List<String> VERIFIABLE = List.of("email", "phone_number");

    private final UserStore users;

    public AliasConflicts(UserStore users) {
        this.users = users;
    }

    /**
     * What claiming these attributes meets.
     *
     * @param refused the alias another user holds and that cannot be moved, or null
     * @param losers  with {@code force}, the holders of verified e-mail and phone aliases that move to the claimant
     */
    public record Conflicts(String refused, List<User> losers) {}

    public Conflicts of(UserPool pool, User self, Map<String, String> attributes, boolean force) {
        List<User> losers = new ArrayList<>();
        for (String alias : orEmpty(pool.aliasAttributes())) {
            String value = attributes.get(alias);
            boolean claimed = value != null && !value.isEmpty()
                    && (alias.equals("preferred_username") || "true".equals(attributes.get(alias + "_verified")));
            if (!claimed) {
                continue;
            }
            List<User> others = holders(pool, alias, value).stream()
                    .filter(u -> self == null || !u.sub().equals(self.sub()))
                    .filter(u -> alias.equals("preferred_username") || u.isVerified(alias))
                    .toList();
            if (others.isEmpty()) {
                continue;
            }
            if (!force || alias.equals("preferred_username")) {
                return new Conflicts(alias, List.of());
            }
            losers.addAll(others);
        }
        return new Conflicts(null, losers);
    }

    public List<User> holders(UserPool pool, String attribute, String value) {
        return users.findByAttribute(pool.id(), attribute, value, UserDirectory.ignoresCase(pool, attribute));
    }

    /**
     * Writes a loser's aliases unverified. A loser whose address changed since it was read no
     * longer holds the alias as it was read: nothing is left to take, and nothing is written.
     */
    public static void unverify(UserStore users, User loser, User unverified) {
        try {
            users.update(loser, unverified);
        } catch (ConcurrentChangeException changedMeanwhile) {
            // its address is no longer the one the claimant took
        }
    }

    /** The loser's attributes with the e-mail/phone aliases that the claimant took marked unverified. */
    public static List<UserAttribute> unverified(UserPool pool, User loser, Map<String, String> claimant) {
        Map<String, String> attributes = toMap(loser.attributes());
        for (String verifiable : VERIFIABLE) {
            String claimed = claimant.get(verifiable);
            String held = attributes.get(verifiable);
            boolean same = claimed != null && held != null && (UserDirectory.ignoresCase(pool, verifiable)
                    ? claimed.equalsIgnoreCase(held) : claimed.equals(held));
            if (same && attributes.containsKey(verifiable + "_verified")) {
                attributes.put(verifiable + "_verified", "false");
            }
        }
        return toList(attributes);
    }

    public static Map<String, String> toMap(List<UserAttribute> attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        attributes.forEach(a -> map.put(a.name(), a.value()));
        return map;
    }

    public static List<UserAttribute> toList(Map<String, String> attributes) {
        return attributes.entrySet().stream().map(e -> new UserAttribute(e.getKey(), e.getValue())).toList();
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
