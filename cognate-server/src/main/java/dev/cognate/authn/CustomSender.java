package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;

/**
 * What takes over a pool's messages of one medium from {@link CodeSender}: the pool's
 * CustomEmailSender or CustomSMSSender trigger, implemented outside this layer and wired by the
 * composition root. It gets the secret itself (a code, a temporary password) and the occasion,
 * never the pool's words: the function writes and delivers the whole message.
 */
public interface CustomSender {
    CustomSender NONE = new CustomSender() {
        @Override
        public boolean handles(UserPool pool, CodeDestination destination) {
            return false;
        }

        @Override
        public void send(UserPool pool, User user, MessageOccasion occasion, CodeDestination destination, String secret) {
            throw new IllegalStateException("no custom sender");
        }
    };

    /** Whether the pool hands its messages by the destination's medium to a function of its own. */
    boolean handles(UserPool pool, CodeDestination destination);

    /** Hands one secret over for delivery; never blocks on the function, and never fails the caller's request. */
    void send(UserPool pool, User user, MessageOccasion occasion, CodeDestination destination, String secret);
}
