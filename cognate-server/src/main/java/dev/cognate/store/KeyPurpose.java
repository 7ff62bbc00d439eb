package dev.cognate.store;

/** What a signing key signs: as in Cognito, ID and access tokens use different keys. */
public enum KeyPurpose { ID, ACCESS }
