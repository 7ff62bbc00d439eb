package dev.cognate.tokens;

import java.util.List;
import java.util.Map;

/**
 * Who tokens are about: the pool user's sub and username, groups, the attributes the client
 * may read (name -> value, as stored), and for federated users the {@code identities} JSON.
 */
public record TokenSubject(String sub, String username, List<String> groups, Map<String, String> readableAttributes,
                           String identitiesJson) {
    public TokenSubject {
        groups = List.copyOf(groups);
        readableAttributes = Map.copyOf(readableAttributes);
    }
}
