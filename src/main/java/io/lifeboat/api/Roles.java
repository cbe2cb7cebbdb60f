package io.lifeboat.api;

/** The API's roles. A user holds any set of them; {@code admin} is given every role when it is bootstrapped. */
public final class Roles {
    /** Reads: status, explanations, violations, journal, simulate, what-if. */
    public static final String VIEWER = "viewer";
    /** Operations (start, maintenance, fence test and ack) and configuration (the cluster document). */
    public static final String OPERATOR = "operator";
    /** Rules: validate, reload, upload. */
    public static final String POLICY_ADMIN = "policy-admin";
    /** Users. */
    public static final String ADMIN = "admin";
    /** A host agent posting heartbeats. */
    public static final String AGENT = "agent";

    private Roles() {
    }
}
