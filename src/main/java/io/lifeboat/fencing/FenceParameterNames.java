package io.lifeboat.fencing;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What holds for fence parameter names whatever the agent: agents read '-' and '_' alike, some keys are Lifeboat's
 * to send and never a device's, and some values are secrets. The one place these rules live, for the runner and for
 * configuration checks alike.
 */
public final class FenceParameterNames {
    // "action" is always sent first by the runner ("option" is its old name, which agents still accept and would let a
    // stored parameter turn "off" into "status"); "disable_timeout" makes agents wait forever.
    private static final Set<String> RESERVED = Set.of("action", "option", "disable_timeout");
    // Passwords (password, passwd, snmp_priv_passwd), cloud secret keys, API tokens and keys, as real agents name them.
    private static final List<String> SECRET_PARTS = List.of("passw", "secret", "token", "apikey");
    // SNMP communities and IPMI v2 Kg keys.
    private static final Set<String> SECRET_NAMES = Set.of("community", "hexadecimal_kg");

    private FenceParameterNames() {
    }

    /** The name as agents compare it: "disable-timeout" is "disable_timeout". */
    public static String normalize(String name) {
        return name.replace('-', '_');
    }

    /** Whether a parameter's value is a secret: never logged, never shown, scrubbed from what agents print. */
    public static boolean isSecret(String name) {
        String key = lowerNormalized(name);
        return SECRET_NAMES.contains(key) || SECRET_PARTS.stream().anyMatch(key::contains);
    }

    /** Whether a key is Lifeboat's own to send, so that no device configuration may carry it. */
    public static boolean isReserved(String name) {
        return RESERVED.contains(lowerNormalized(name));
    }

    /** Values travel as one {@code key=value} line each: a line break would smuggle in another key. */
    public static boolean isSingleLine(String value) {
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }

    // Lower case for the safety checks only: "PASSWORD" is still a password, "ACTION" still not a device's key.
    private static String lowerNormalized(String name) {
        return normalize(name).toLowerCase(Locale.ROOT);
    }
}
