package dev.cognate.resourceservers;

/** AWS ResourceServerScopeType: one scope a resource server defines. */
public record ResourceServerScope(String scopeName, String scopeDescription) {}
