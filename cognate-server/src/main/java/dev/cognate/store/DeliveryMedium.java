package dev.cognate.store;

/** AWS DeliveryMediumType: how a message reaches a user. */
public enum DeliveryMedium { EMAIL, SMS }
