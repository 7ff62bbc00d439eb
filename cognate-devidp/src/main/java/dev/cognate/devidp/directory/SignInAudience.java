package dev.cognate.devidp.directory;

import java.util.Arrays;
import java.util.Optional;

/** Who may sign in to an application (Graph's {@code signInAudience}). */
public enum SignInAudience {
    AzureADMyOrg,
    AzureADMultipleOrgs,
    AzureADandPersonalMicrosoftAccount,
    PersonalMicrosoftAccount;

    public static Optional<SignInAudience> parse(String value) {
        return Arrays.stream(values()).filter(v -> v.name().equalsIgnoreCase(value)).findFirst();
    }

    public boolean multiTenant() {
        return this == AzureADMultipleOrgs || this == AzureADandPersonalMicrosoftAccount;
    }

    public boolean allowsOrganizations() {
        return this != PersonalMicrosoftAccount;
    }

    public boolean allowsPersonalAccounts() {
        return this == AzureADandPersonalMicrosoftAccount || this == PersonalMicrosoftAccount;
    }
}
