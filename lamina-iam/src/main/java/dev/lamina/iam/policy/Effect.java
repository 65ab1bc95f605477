package dev.lamina.iam.policy;

/** What a statement does to the actions and resources it names. */
public enum Effect {
    ALLOW,
    DENY
}
