package io.lifeboat.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may use of the world: its standard streams, the environment (LIFEBOAT_URL, credentials, ...) and the
 * user database. Passed in, so that tests give their own.
 */
public record Terminal(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, UserDatabase users) {

    /** The value of an environment variable, if set and not empty. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }

    /** A refusal in the API's terms (its error envelope), as one line on stderr. */
    void refused(String code, String field, String message) {
        err.println("lifeboat: " + code + (field == null || field.isEmpty() ? "" : " at " + field) + ": " + message);
    }
}
