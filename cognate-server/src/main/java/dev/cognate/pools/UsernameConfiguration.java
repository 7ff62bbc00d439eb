package dev.cognate.pools;

/** AWS UsernameConfigurationType. */
public record UsernameConfiguration(Boolean caseSensitive) {}
