package dev.cognate.hostedui;

/** A page that says what went wrong and what to do, for when no app can be trusted with the error. */
public record ErrorPage(String title, String message, String hint) {}
