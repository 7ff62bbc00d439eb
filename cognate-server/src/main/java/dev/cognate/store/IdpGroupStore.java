package dev.cognate.store;

import dev.cognate.users.IdpGroup;
import java.util.List;

/** The groups upstream IdPs put users in, as of each user's last sign-in; they go when the user goes. */
public interface IdpGroupStore {
    /** Sets the user's groups from this provider, replacing what it said before. */
    void replace(String poolId, String username, String providerName, List<String> groups);

    /** The user's IdP groups, by provider then group name. */
    List<IdpGroup> groupsOf(String poolId, String username);
}
