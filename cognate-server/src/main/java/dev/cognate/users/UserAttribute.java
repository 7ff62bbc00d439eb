package dev.cognate.users;

/** One attribute of a user (AWS AttributeType). */
public record UserAttribute(String name, String value) {}
