package io.lifeboat.simulate;

/** A scenario that cannot be simulated; {@code pointer} (RFC 6901) names the field at fault. */
public class ScenarioException extends RuntimeException {
    private final String pointer;

    public ScenarioException(String pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
