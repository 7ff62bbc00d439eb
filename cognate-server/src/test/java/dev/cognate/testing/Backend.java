package dev.cognate.testing;

/** The two stores every admin and storage test runs against. */
public enum Backend { SQLITE, POSTGRESQL }
