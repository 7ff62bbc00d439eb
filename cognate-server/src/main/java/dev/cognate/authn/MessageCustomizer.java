package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;

/**
 * What may rewrite a message before {@link CodeSender} fills in the code and sends it (the
 * pool's CustomMessage trigger, implemented outside this layer and wired by the composition
 * root). The messages go in and out with their placeholders ({@code {####}}, {@code {username}});
 * the sender decides whether an answer is fit to send.
 */
public interface MessageCustomizer {
    MessageCustomizer NONE = (pool, user, occasion, templates) -> templates;

    record Messages(String smsMessage, String emailMessage, String emailSubject) {}

    Messages customize(UserPool pool, User user, MessageOccasion occasion, Messages templates);
}
