package dev.cognate.tokens;

/**
 * A hook asked before tokens are minted (a pool's pre token generation trigger). It may change
 * claims, groups and scopes within {@link TokenCustomization}'s rules, or throw to refuse the
 * tokens altogether (the caller answers the exception). Implemented outside this layer and wired
 * by the composition root.
 */
@FunctionalInterface
public interface ClaimsCustomizer {
    ClaimsCustomizer NONE = draft -> TokenCustomization.NONE;

    TokenCustomization customize(TokenDraft draft);
}
